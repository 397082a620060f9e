import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody, sendFailure, sendJson } from './body';
import type { RouteContext } from './context';
import { handleCertificates } from './routes-certificates';
import { handleProxyHosts } from './routes-proxy-hosts';
import { handleTokens } from './routes-tokens';
import { FakeNpmState } from './state';
import { HttpFailure, type CertificateRow, type FakeNpmOptions, type Permission, type RequestLogEntry } from './types';

export { UNKNOWN_DIRECTIVE } from './nginx-check';
export type { CertificateRow, FakeNpmOptions, ProxyHostRow, RequestLogEntry } from './types';

export interface FakeNpm {
  /** `http://127.0.0.1:<port>`; the client appends `/api`. */
  url: string;
  state: FakeNpmState;
  /** Requests that change something (everything but GET). */
  writes(): RequestLogEntry[];
  clearLog(): void;
  failNextCertificate(count?: number, certbotOutput?: string): void;
  failNextHostWriteAfterSave(count?: number): void;
  /** Makes `nginx -t` fail for a gRPC upstream host (or resolve it again). */
  setUpstreamResolvable(host: string, resolvable: boolean): void;
  setTwoFactor(enabled: boolean): void;
  setPermissions(permissions: { proxy_hosts?: Permission; certificates?: Permission }): void;
  revokePermissions(): void;
  expireTokens(): void;
  setTokenLifetime(seconds: number): void;
  addCertificate(fields: { domain_names: string[]; provider?: string; nice_name?: string; expires_on?: string }): CertificateRow;
  stop(): Promise<void>;
}

async function route(state: FakeNpmState, req: IncomingMessage): Promise<{ status: number; payload: unknown; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://fake-npm');
  const method = req.method ?? 'GET';
  let body: unknown;
  try {
    body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
    if (url.pathname === '/api' || url.pathname === '/api/') {
      const [major, minor, revision] = state.version.split('.').map(Number);
      return { status: 200, payload: { status: 'OK', setup: true, version: { major, minor, revision } }, body };
    }
    const ctx: RouteContext = { state, req, method, path: url.pathname.replace(/\/$/, ''), query: url.searchParams, body };
    const result = handleTokens(ctx) ?? (await handleProxyHosts(ctx)) ?? (await handleCertificates(ctx));
    if (result) return { ...result, body };
    throw new HttpFailure(404, `Not Found - ${req.url}`);
  } catch (err) {
    const failure = err instanceof HttpFailure ? err : new HttpFailure(500, 'Internal Error', { stack: [String(err)] });
    const payload: Record<string, unknown> = { error: { code: failure.status, message: failure.message } };
    if (failure.debug) payload.debug = failure.debug;
    return { status: failure.status, payload, body };
  }
}

/** Starts a fake NPM v2.15.1 on loopback and a random port (unless one is given). */
export async function startFakeNpm(options: FakeNpmOptions = {}): Promise<FakeNpm> {
  const state = new FakeNpmState(options);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    route(state, req)
      .then(({ status, payload, body }) => {
        state.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', status, body, at: Date.now() });
        sendJson(res, status, payload);
      })
      .catch((err: unknown) => sendFailure(res, new HttpFailure(500, `fake-npm crashed: ${String(err)}`)));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    state,
    writes: () => state.requests.filter((r) => r.method !== 'GET'),
    clearLog: () => void state.requests.splice(0),
    failNextCertificate: (count = 1, certbotOutput) => {
      state.failCertificates = count;
      if (certbotOutput) state.failCertificateOutput = certbotOutput;
    },
    failNextHostWriteAfterSave: (count = 1) => void (state.failHostWritesAfterSave = count),
    setUpstreamResolvable: (host, resolvable) => void (resolvable ? state.unresolvableUpstreams.delete(host) : state.unresolvableUpstreams.add(host)),
    setTwoFactor: (enabled) => void (state.user.twoFactor = enabled),
    setPermissions: (permissions) => Object.assign(state.user.permissions, permissions),
    revokePermissions: () => Object.assign(state.user.permissions, { proxy_hosts: 'hidden', certificates: 'hidden' }),
    expireTokens: () => state.expireAllTokens(),
    setTokenLifetime: (seconds) => void (state.tokenLifetimeSeconds = seconds),
    addCertificate: (fields) => state.insertCertificate(fields),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
