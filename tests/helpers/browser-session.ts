import http from 'node:http';

/** Cookies as a browser keeps them: name → value, updated from each Set-Cookie. */
function mergeCookies(jar: Map<string, string>, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export interface BrowserSession {
  /** The Cookie header the browser would send. */
  cookie: string;
  /** NextAuth's CSRF token, which its sign-out endpoint requires. */
  csrfToken: string;
}

/** Signs in as the login page does (NextAuth credentials callback) and returns the session cookie. */
export async function signInWithCookie(baseUrl: string, username: string, password: string): Promise<BrowserSession> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  mergeCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(jar), Origin: baseUrl },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
  });
  mergeCookies(jar, res);
  if (![...jar.keys()].some((k) => k.endsWith('next-auth.session-token'))) throw new Error(`cookie sign-in failed for ${username}: ${res.status}`);
  return { cookie: cookieHeader(jar), csrfToken };
}

/** Signs out as the user menu does (NextAuth's sign-out endpoint) and returns the status. */
export async function signOutWithCookie(baseUrl: string, session: BrowserSession): Promise<number> {
  const res = await fetch(`${baseUrl}/api/auth/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie, Origin: baseUrl },
    body: new URLSearchParams({ csrfToken: session.csrfToken, json: 'true' }),
  });
  await res.body?.cancel();
  return res.status;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request sent from a chosen loopback address (127.0.0.2, 127.0.0.3, …): on Linux every
 * 127/8 address is local, so tests can play clients at different addresses.
 */
export function requestFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

/** A JSON login attempt on /api/auth/login from a chosen loopback address. */
export function loginFrom(localAddress: string, baseUrl: string, username: string, password: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return requestFrom(localAddress, `${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
}
