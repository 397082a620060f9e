import { AppError } from '../errors';

/** The gRPC services NetBird clients call; both must bypass NPM's own `proxy_pass`. */
export const GRPC_PATH_PATTERN = '^/(signalexchange\\.SignalExchange|management\\.ManagementService)/';

const HOST_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/**
 * The nginx snippet NPM places inside the host's `server {}`. gRPC lives
 * here and not in `locations[]`, where NPM's generated `proxy_pass` would win.
 * The long timeouts keep NetBird's streaming connections (signal, management
 * sync) open for a day instead of nginx's default 60 s.
 */
export function renderAdvancedConfig(forwardHost: string, forwardPort: number): string {
  // Both values end up in nginx config verbatim: refuse anything that could close a directive.
  if (!HOST_PATTERN.test(forwardHost)) throw new AppError('VALIDATION_FAILED', `Invalid forward host for nginx: ${JSON.stringify(forwardHost)}`);
  if (!Number.isInteger(forwardPort) || forwardPort < 1 || forwardPort > 65535) throw new AppError('VALIDATION_FAILED', `Invalid forward port: ${forwardPort}`);
  return [
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
}
