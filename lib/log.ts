import pino, { type DestinationStream, type Logger } from 'pino';
import { env } from './env';
import { globalSingleton } from './global-singleton';

/**
 * One-line JSON logs (pino): `{"level":"info","time":"…","msg":"…",…fields}`, info and below
 * on stdout, warnings and errors on stderr. Callers pass facts, never secrets; the paths below
 * are redacted anyway, should a secret slip into the fields.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, unknown>;

export const REDACTED_PATHS = [
  'password', '*.password', 'newPassword', 'currentPassword',
  'secret', '*.secret', 'client_secret', '*.client_secret', 'relaySecret', 'encryptionKey',
  'token', '*.token', 'access_token', '*.access_token', 'refresh_token', 'ownerToken', '*.ownerToken', 'insightToken', '*.insightToken', 'plain_token', '*.plain_token', 'apiKey', '*.apiKey',
  'authorization', '*.authorization', 'headers.authorization', 'headers.cookie', 'cookie', '*.cookie',
  'SECRET_KEY', 'secretKey', 'npm_password', '*.npm_password', 'totp_secret', '*.totp_secret',
];

function configuredLevel(): Level {
  try {
    return env().LOG_LEVEL;
  } catch {
    return 'info';
  }
}

/** A logger writing to `destination` (tests), else stdout and stderr split by level. */
export function createLogger(level: Level, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  const streams = pino.multistream(
    [
      { level: 'debug', stream: pino.destination({ fd: 1, sync: true }) },
      { level: 'warn', stream: pino.destination({ fd: 2, sync: true }) },
    ],
    { dedupe: true },
  );
  return pino(options, streams);
}

const g = globalSingleton<{ appLogger?: Logger }>('appLogger', () => ({}));
function logger(): Logger {
  return (g.appLogger ??= createLogger(configuredLevel()));
}

export const log = {
  debug: (msg: string, fields?: Fields) => logger().debug(fields ?? {}, msg),
  info: (msg: string, fields?: Fields) => logger().info(fields ?? {}, msg),
  warn: (msg: string, fields?: Fields) => logger().warn(fields ?? {}, msg),
  error: (msg: string, fields?: Fields) => logger().error(fields ?? {}, msg),
};
