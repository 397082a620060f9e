import autocannon from 'autocannon';
import { percentile } from './report';

export interface LoadResult {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers other than 2xx. */
  non2xx: number;
  rps: number;
}

/**
 * `connections` clients requesting `path` back to back for `seconds`. autocannon reports no
 * p95, so every response time is collected from its `response` events and ranked here.
 */
export async function runLoad(url: string, path: string, headers: Record<string, string>, connections = 20, seconds = 30, signal?: AbortSignal): Promise<LoadResult> {
  signal?.throwIfAborted();
  const times: number[] = [];
  const instance = autocannon({ url: `${url}${path}`, connections, duration: seconds, headers, timeout: 10 });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  // A stopped run ends its load at once instead of loading a server that is going away.
  const stop = () => instance.stop();
  signal?.addEventListener('abort', stop, { once: true });
  let result;
  try {
    result = await instance;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  signal?.throwIfAborted();
  return {
    requests: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times.length ? Math.max(...times) : Number.NaN,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    rps: times.length / seconds,
  };
}

/**
 * Signs in through next-auth's credentials form, as the browser does, and returns the session
 * cookie the dashboard page needs.
 */
export async function sessionCookie(url: string, username: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
  });
  keep(res);
  const session = [...jar.keys()].find((k) => k.endsWith('next-auth.session-token'));
  if (!session) throw new Error(`sign-in refused (${res.status}): no session cookie`);
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
