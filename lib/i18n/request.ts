import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { currentActor } from '../auth/resolve-actor';
import { db } from '../db';
import { getSettings } from '../settings/store';
import { LOCALE_COOKIE, pickLocale } from './locale';

async function userLanguage(): Promise<string | null> {
  const actor = await currentActor().catch(() => null);
  if (!actor?.userId) return null;
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { language: true } });
  return user?.language ?? null;
}

export default getRequestConfig(async () => {
  const [h, c, settings, user] = await Promise.all([headers(), cookies(), getSettings().catch(() => null), userLanguage()]);
  const locale = pickLocale({
    user,
    cookie: c.get(LOCALE_COOKIE)?.value,
    system: settings?.default_language,
    acceptLanguage: h.get('accept-language'),
  });
  const messages = (await import(`../../messages/${locale}.json`)).default;
  return { locale, messages, timeZone: 'UTC' };
});
