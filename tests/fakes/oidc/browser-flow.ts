/**
 * The SSO round trip a browser makes, with fetch and a cookie jar: the
 * appliance's sign-in, the issuer's login form, the callback. API tests use
 * it to check what the appliance stores and audits for each person.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      // Browsers share cookies across ports of one host; names of issuer and appliance do not clash.
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), Cookie: this.header() } });
    this.store(res);
    return res;
  }

  /** Follows redirects by hand so every hop's cookies are kept. */
  async follow(url: string, init: RequestInit = {}, hops = 10): Promise<{ url: string; res: Response }> {
    let current = url;
    let res = await this.fetch(current, init);
    for (let i = 0; i < hops && res.status >= 300 && res.status < 400; i++) {
      current = new URL(res.headers.get('location') ?? '', current).toString();
      res = await this.fetch(current);
    }
    return { url: current, res };
  }
}

/** Signs `login` in through the SSO button's flow; returns where the browser ends up and its jar. */
export async function signInThroughSso(appUrl: string, login: string): Promise<{ finalUrl: string; jar: CookieJar }> {
  const jar = new CookieJar();
  const csrf = await jar.fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await jar.fetch(`${appUrl}/api/auth/signin/sso`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${appUrl}/`, json: 'true' }),
  });
  const { url: authorizeUrl } = (await start.json()) as { url: string };
  const { url: interactionUrl, res: form } = await jar.follow(authorizeUrl);
  const action = /<form[^>]*action="([^"]+)"/.exec(await form.text())?.[1];
  if (!action) throw new Error(`no login form at ${interactionUrl}`);
  const { url: finalUrl } = await jar.follow(new URL(action.replace(/&amp;/g, '&'), interactionUrl).toString(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any-password' }),
  });
  return { finalUrl, jar };
}
