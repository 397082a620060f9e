import { isOneOf } from '../one-of';
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLocale(value: unknown): value is Locale {
  return isOneOf(LOCALES, value);
}

/** The best supported language of an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((r) => r.lang).find(isLocale) ?? null;
}

/** The user's language, else a chosen cookie, else the system default, else the browser's, else English. */
export function pickLocale(opts: { user?: string | null; cookie?: string | null; system?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(opts.user)) return opts.user;
  if (isLocale(opts.cookie)) return opts.cookie;
  if (isLocale(opts.system)) return opts.system;
  return localeFromAcceptLanguage(opts.acceptLanguage ?? null) ?? 'en';
}
