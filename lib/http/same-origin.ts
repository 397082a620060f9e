import { AppError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated mutations. A browser names where a request comes from:
 * Sec-Fetch-Site (authoritative where sent) or else Origin, compared with the Host the browser
 * addressed (behind NPM the Host header is the public host) and APP_URL when set. A mutation that
 * names no origin at all is refused too: every browser that sends cookies sends one of the two.
 * Bearer calls never reach this check: a foreign site cannot make a browser attach a bearer token.
 */
export function assertSameOrigin(method: string, headers: Headers, appUrl?: string): void {
  if (SAFE_METHODS.has(method.toUpperCase())) return;
  const site = headers.get('sec-fetch-site');
  if (site) {
    if (site === 'same-origin') return;
    throw crossSite();
  }
  const origin = headers.get('origin');
  if (!origin || origin === 'null') throw crossSite();
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw crossSite();
  }
  const expected = new Set([headers.get('host'), appUrl ? new URL(appUrl).host : null].filter((h): h is string => Boolean(h)));
  if (!expected.has(host)) throw crossSite();
}

function crossSite(): AppError {
  return new AppError('FORBIDDEN', 'Cross-site request refused: send it from the appliance’s own pages, or use a bearer token.');
}
