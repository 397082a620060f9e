import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import de from '../../messages/de.json';
import { localeFromAcceptLanguage, pickLocale } from './locale';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('locale', () => {
  it('follows user, then cookie, then system default, then browser, then English', () => {
    expect(pickLocale({ user: 'de', system: 'en', acceptLanguage: 'en' })).toBe('de');
    expect(pickLocale({ cookie: 'de', system: 'en' })).toBe('de');
    expect(pickLocale({ system: 'de', acceptLanguage: 'en-US' })).toBe('de');
    expect(pickLocale({ acceptLanguage: 'fr-FR,de;q=0.8,en;q=0.5' })).toBe('de');
    expect(pickLocale({ user: 'xx', acceptLanguage: 'fr' })).toBe('en');
  });

  it('honours q-values', () => {
    expect(localeFromAcceptLanguage('en;q=0.2, de-AT;q=0.9')).toBe('de');
    expect(localeFromAcceptLanguage('de;q=0')).toBeNull();
  });

  it('has the same message keys in English and German', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });
});

describe('time zone cookie', async () => {
  const { validTimeZone } = await import('./time-zone');
  it('accepts IANA zones and refuses anything else', () => {
    expect(validTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(validTimeZone('UTC')).toBe('UTC');
    expect(validTimeZone('Mars/Olympus')).toBeNull();
    expect(validTimeZone('"><script>')).toBeNull();
    expect(validTimeZone(undefined)).toBeNull();
  });
});
