/**
 * Where to go after sign-in: only a path on this very origin. Anything else — another site,
 * a protocol-relative `//host`, `javascript:` or `data:` — falls back to the dashboard.
 * Pure, so the login form (browser) and tests share it.
 */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters and backslashes let browsers reinterpret the path as another host.
  if (/[\u0000-\u001f\u007f\\]/.test(value) || /%(0[0-9a-f]|1[0-9a-f]|5c|7f)/i.test(value)) return '/';
  const base = 'http://appliance.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
