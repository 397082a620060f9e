import { z } from 'zod';
import { AppError } from '../errors';

/**
 * Client of one tenant's NetBird management API, reached through the tenant's Caddy
 * (e.g. http://<HOST_IP>:<dashboardPort>). Responses are zod-parsed; tokens and passwords
 * never appear in an error.
 */
const TIMEOUT_MS = 10_000;

const instanceSchema = z.object({ setup_required: z.boolean() });
const setupResultSchema = z.object({ user_id: z.string(), email: z.string(), personal_access_token: z.string().optional() });
const peerSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  connected: z.boolean(),
  last_seen: z.string().optional(),
  os: z.string().optional(),
  version: z.string().optional(),
});

export type InstanceStatus = z.infer<typeof instanceSchema>;
export type SetupResult = z.infer<typeof setupResultSchema>;
export type TenantPeer = z.infer<typeof peerSchema>;

export interface SetupOwnerInput {
  email: string;
  password: string;
  name: string;
  create_pat: true;
  /** Days, 1-365. */
  pat_expire_in: number;
}

export async function request(baseUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  const url = `${baseUrl.replace(/\/+$/, '')}${path}`;
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const why = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : String((err instanceof Error ? err.cause : undefined) ?? err);
    throw new AppError('TENANT_UNREACHABLE', `NetBird at ${baseUrl} is not reachable (${path}): ${why}`);
  }
}

export async function parseBody<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  if (!res.ok) {
    throw new AppError('TENANT_UNREACHABLE', `NetBird ${what} answered HTTP ${res.status}`, { status: res.status });
  }
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('TENANT_UNREACHABLE', `NetBird ${what} answered an unexpected body`);
  return parsed.data;
}

export async function getInstance(baseUrl: string): Promise<InstanceStatus> {
  return parseBody(await request(baseUrl, '/api/instance'), instanceSchema, 'GET /api/instance');
}

/** Creates the tenant's owner (only possible once); TENANT_OWNER_EXISTS when one exists already. */
export async function setupOwner(baseUrl: string, input: SetupOwnerInput): Promise<SetupResult> {
  const res = await request(baseUrl, '/api/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (res.status === 412) throw new AppError('TENANT_OWNER_EXISTS', 'This NetBird installation already has an owner');
  return parseBody(res, setupResultSchema, 'POST /api/setup');
}

/** A call with a personal access token; 401/403 become TENANT_AUTH_FAILED (the token is refused, not the tenant down). */
export async function authorized(baseUrl: string, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { ...(init.body ? { 'content-type': 'application/json' } : {}), authorization: `Token ${token}` };
  const res = await request(baseUrl, path, { ...init, headers });
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new AppError('TENANT_AUTH_FAILED', `NetBird refused the API token (${init.method ?? 'GET'} ${path}: HTTP ${res.status})`, { status: res.status });
  }
  return res;
}

export async function listPeers(baseUrl: string, token: string): Promise<TenantPeer[]> {
  return parseBody(await authorized(baseUrl, token, '/api/peers'), z.array(peerSchema), 'GET /api/peers');
}
