import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody, sendFailure, sendJson } from './body';
import type { RouteContext } from './context';
import { handleCertificates } from './routes-certificates';
import { checkAllConfigs } from './nginx-check';
import { addHandMadeHost, handleProxyHosts } from './routes-proxy-hosts';
import { handleTokens } from './routes-tokens';
import { FakeNpmState } from './state';
import { HttpFailure, type CertificateRow, type FakeNpmOptions, type Permission, type ProxyHostRow, type RequestLogEntry } from './types';

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
  /** Makes this nginx build reject a directive (as an older nginx would), or accept it again. */
  setDirectiveKnown(directive: string, known: boolean): void;
  setTwoFactor(enabled: boolean): void;
  setPermissions(permissions: { proxy_hosts?: Permission; certificates?: Permission }): void;
  revokePermissions(): void;
  expireTokens(): void;
  setTokenLifetime(seconds: number): void;
  addCertificate(fields: { domain_names: string[]; provider?: string; nice_name?: string; expires_on?: string }): CertificateRow;
  /** A host made by hand in NPM's UI: saved and configured like any write. */
  addProxyHost(fields: { domain_names: string[]; forward_host?: string; forward_port?: number; advanced_config?: string; certificate_id?: number }): ProxyHostRow;
  /** `nginx -t` over every host's config file, as an NPM restart would run it: the error, or null. */
  nginxTest(): string | null;
  stop(): Promise<void>;
}

async function route(state: FakeNpmState, req: IncomingMessage): Promise<{ status: number; payload: unknown; body: unknown; location?: string }> {
  const url = new URL(req.url ?? '/', 'http://fake-npm');
  const method = req.method ?? 'GET';
  let body: unknown;
  try {
    body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
    // Express redirects the bare mount point to its slash form, and NPM forces port 81 into that URL.
    if (url.pathname === '/api') {
      const host = (req.headers.host ?? 'localhost').replace(/:\d+$/, '');
      return { status: 302, payload: null, body, location: `http://${host}:81/api/` };
    }
    if (url.pathname === '/api/') {
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
      .then(({ status, payload, body, location }) => {
        state.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', status, body, at: Date.now() });
        if (location) {
          res.writeHead(status, { Location: location, 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(`Found. Redirecting to ${location}`);
          return;
        }
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
    setDirectiveKnown: (directive, known) => void (known ? state.unknownDirectives.delete(directive) : state.unknownDirectives.add(directive)),
    setTwoFactor: (enabled) => void (state.user.twoFactor = enabled),
    setPermissions: (permissions) => Object.assign(state.user.permissions, permissions),
    revokePermissions: () => Object.assign(state.user.permissions, { proxy_hosts: 'hidden', certificates: 'hidden' }),
    expireTokens: () => state.expireAllTokens(),
    setTokenLifetime: (seconds) => void (state.tokenLifetimeSeconds = seconds),
    addCertificate: (fields) => state.insertCertificate(fields),
    addProxyHost: (fields) => addHandMadeHost(state, fields),
    nginxTest: () => checkAllConfigs(state.configFiles, state.nginxWorld()),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
