export const TIME_ZONE_COOKIE = 'tz';

/** An IANA time zone the runtime knows, else null (the cookie comes from the browser and is untrusted). */
export function validTimeZone(value: string | undefined | null): string | null {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    return null;
  }
}
