'use server';

import { cookies } from 'next/headers';
import { requireActor } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { LOCALE_COOKIE, isLocale } from '@/lib/i18n/locale';
import { updateProfile } from '@/lib/users/update-profile';
import { runAction, type ActionResult } from '@/lib/api/action';

/** Language choice: saved on the user when signed in, and in a cookie for the login page. */
export async function setLanguageAction(language: string): Promise<ActionResult<null>> {
  return runAction(async () => {
    if (!isLocale(language)) throw new Error('unsupported language');
    (await cookies()).set(LOCALE_COOKIE, language, { path: '/', maxAge: 365 * 86_400, sameSite: 'lax' });
    const actor = await currentActor();
    if (actor) await updateProfile(actor, { language });
    return null;
  });
}

export async function setThemeAction(theme: 'light' | 'dark'): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = requireActor(await currentActor());
    await updateProfile(actor, { theme });
    return null;
  });
}
