import { AppError } from '../errors';

/** The gRPC services NetBird clients call; both must bypass NPM's own `proxy_pass`. */
export const GRPC_PATH_PATTERN = '^/(signalexchange\\.SignalExchange|management\\.ManagementService)/';
/** NetBird's long-lived WebSocket paths: the relay and the signal/management WebSocket proxy. */
export const WEBSOCKET_PATH_PATTERN = '^/(relay|ws-proxy/)';

/** First line of every advanced config the appliance writes: how it recognises its own hosts in NPM. */
const MARKER_PREFIX = '# netbird-msp-appliance tenant=';
const MARKER_PATTERN = /^# netbird-msp-appliance tenant=([a-z0-9-]+)\b/m;

const HOST_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const SUBDOMAIN_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function assertSafe(forwardHost: string, forwardPort: number): void {
  // Both values end up in nginx config verbatim: refuse anything that could close a directive.
  if (!HOST_PATTERN.test(forwardHost)) throw new AppError('VALIDATION_FAILED', `Invalid forward host for nginx: ${JSON.stringify(forwardHost)}`);
  if (!Number.isInteger(forwardPort) || forwardPort < 1 || forwardPort > 65535) throw new AppError('VALIDATION_FAILED', `Invalid forward port: ${forwardPort}`);
}

/**
 * The nginx snippet NPM places inside the host's `server {}`. gRPC lives
 * here and not in `locations[]`, where NPM's generated `proxy_pass` would win.
 *
 * Upstreams are variables: nginx resolves a literal upstream name at
 * `nginx -t` and at start, and `nginx -t` checks every host at once, so one
 * stopped tenant (its Caddy name gone from DNS) would fail every later NPM
 * write for every tenant and keep nginx from starting. A variable is
 * resolved per request through the `resolver` NPM generates
 * (`conf.d/include/resolvers.conf`, from the container's resolv.conf).
 *
 * The 1-day timeouts keep NetBird's streams (gRPC sync, relay, WebSocket
 * proxy) open instead of nginx's default 60 s.
 *
 * The client's address: NPM's own `proxy_set_header` lines (X-Forwarded-For,
 * X-Real-IP) apply to `proxy_pass` only, so the gRPC location sets them
 * itself, as NetBird's nginx recipe does. Peers log in over gRPC; without
 * these NetBird would record NPM's address for every peer.
 */
export function renderAdvancedConfig(subdomain: string, forwardHost: string, forwardPort: number): string {
  assertSafe(forwardHost, forwardPort);
  if (!SUBDOMAIN_PATTERN.test(subdomain)) throw new AppError('VALIDATION_FAILED', `Invalid subdomain for nginx: ${JSON.stringify(subdomain)}`);
  const target = `${forwardHost}:${forwardPort}`;
  return [
    `${MARKER_PREFIX}${subdomain} (written by the appliance; edits here are overwritten)`,
    'client_header_timeout 1d;',
    'client_body_timeout 1d;',
    '',
    `location ~ ${GRPC_PATH_PATTERN} {`,
    `    set $nb_grpc_upstream grpc://${target};`,
    '    grpc_pass $nb_grpc_upstream;',
    '    grpc_set_header X-Real-IP $remote_addr;',
    '    grpc_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '    grpc_read_timeout 1d;',
    '    grpc_send_timeout 1d;',
    '    grpc_socket_keepalive on;',
    '}',
    '',
    `location ~ ${WEBSOCKET_PATH_PATTERN} {`,
    `    set $nb_ws_upstream http://${target};`,
    '    proxy_pass $nb_ws_upstream;',
    '    proxy_http_version 1.1;',
    '    proxy_set_header Host $host;',
    '    proxy_set_header Upgrade $http_upgrade;',
    '    proxy_set_header Connection "upgrade";',
    '    proxy_set_header X-Real-IP $remote_addr;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '    proxy_set_header X-Forwarded-Proto $scheme;',
    '    proxy_read_timeout 1d;',
    '    proxy_send_timeout 1d;',
    '}',
  ].join('\n');
}

/** The subdomain named by the appliance's marker line, or null for a config the appliance did not write. */
export function markedTenant(advancedConfig: string): string | null {
  return MARKER_PATTERN.exec(advancedConfig)?.[1] ?? null;
}

/**
 * What releases before the marker wrote, exactly: a host carrying it was made
 * by the appliance (its forward target is in it), so deployments from then
 * keep working without an explicit adoption.
 */
export function isLegacyAdvancedConfig(advancedConfig: string, forwardHost: string, forwardPort: number): boolean {
  if (!HOST_PATTERN.test(forwardHost)) return false;
  const legacy = [
    'client_header_timeout 1d;',
    'client_body_timeout 1d;',
    '',
    `location ~ ${GRPC_PATH_PATTERN} {`,
    `    grpc_pass grpc://${forwardHost}:${forwardPort};`,
    '    grpc_read_timeout 1d;',
    '    grpc_send_timeout 1d;',
    '    grpc_socket_keepalive on;',
    '}',
  ].join('\n');
  return advancedConfig.trim() === legacy;
}
