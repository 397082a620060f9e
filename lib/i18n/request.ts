import 'server-only';
import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { currentActor } from '../auth/resolve-actor';
import { userPreferences } from '../auth/users-lookup';
import { getSettings } from '../settings/store';
import { LOCALE_COOKIE, pickLocale } from './locale';
import { TIME_ZONE_COOKIE, validTimeZone } from './time-zone';

async function userLanguage(): Promise<string | null> {
  const actor = await currentActor().catch(() => null);
  if (!actor?.userId) return null;
  return (await userPreferences(actor.userId))?.language ?? null;
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
  // Dates in the browser's own time zone (reported in a cookie), so server and client render alike.
  return { locale, messages, timeZone: validTimeZone(c.get(TIME_ZONE_COOKIE)?.value) ?? 'UTC' };
});
