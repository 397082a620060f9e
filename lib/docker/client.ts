import 'server-only';
import Docker from 'dockerode';
import { env } from '../env';
import { AppError, isAppError } from '../errors';
import type { Engine } from './types';
import { globalSingleton } from '../global-singleton';
import { numberField, stringField, fieldOf } from '../caught';

/**
 * The local Docker Engine's client. It honours DOCKER_HOST (unix:// or tcp://) or the
 * default socket. Callers never use it directly: they hold an `Engine` (lib/docker/engine)
 * and every call goes through `dockerCall(engine, …)`, which bounds it with a timeout so a
 * dead engine surfaces as DOCKER_UNAVAILABLE instead of a hang.
 */
const DEFAULT_SOCKET = '/var/run/docker.sock';
export const DEFAULT_CALL_TIMEOUT_MS = 15_000;

interface ClientState {
  client?: Docker;
  host?: string;
  override?: { host?: string; timeoutMs?: number };
}
const globalForDocker = globalSingleton<{ netbirdDocker?: ClientState }>('netbirdDocker', () => ({}));
const state: ClientState = (globalForDocker.netbirdDocker ??= {});

/** The engine address in force: the test override, else DOCKER_HOST, else the default socket. */
export function dockerHost(): string {
  return state.override?.host ?? env().DOCKER_HOST ?? `unix://${DEFAULT_SOCKET}`;
}

export function dockerOptionsFor(host: string): Docker.DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('/')) return { socketPath: host };
  const match = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(host);
  if (match) return { host: match[1].replace(/^\[|\]$/g, ''), port: Number(match[2]), protocol: 'http' };
  throw new AppError('DOCKER_UNAVAILABLE', `DOCKER_HOST "${host}" is not supported: use unix:///path/to/docker.sock or tcp://host:port`);
}

export function dockerClient(): Docker {
  const host = dockerHost();
  if (!state.client || state.host !== host) {
    state.client = new Docker(dockerOptionsFor(host));
    state.host = host;
  }
  return state.client;
}

/** Test seam: point the adapter at another engine (e.g. a dead socket) and shorten timeouts. */
export function overrideDocker(override: { host?: string; timeoutMs?: number } | undefined): void {
  state.override = override;
  state.client = undefined;
}

function callTimeout(requested?: number): number {
  return state.override?.timeoutMs ?? requested ?? DEFAULT_CALL_TIMEOUT_MS;
}

/** HTTP status of an engine error (404 for a missing container, 409 for a conflict, ...). */
export function engineStatus(err: unknown): number | undefined {
  return numberField(err, 'statusCode');
}

export function engineMessage(err: unknown): string {
  // dockerode's errors carry the engine's answer in `json` ({ message }) beside their own message.
  return stringField(fieldOf(err, 'json'), 'message') ?? stringField(err, 'message') ?? String(err);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Connection failures become DOCKER_UNAVAILABLE; engine answers (404, 409, ...) pass through untouched. */
export function toDockerError(err: unknown, what: string, where: string = dockerHost()): unknown {
  if (isAppError(err)) return err;
  const code = stringField(err, 'code');
  if (code && CONNECTION_CODES.has(code)) {
    return new AppError('DOCKER_UNAVAILABLE', `Docker Engine at ${where} is not reachable (${what}: ${code})`);
  }
  return err;
}

/**
 * Runs one engine call with a deadline. The engine's own errors are rethrown as they are,
 * so callers can still tell a 404 from a 409.
 */
export async function dockerCall<T>(engine: Engine, what: string, run: (docker: Docker) => Promise<T>, timeoutMs?: number): Promise<T> {
  const ms = callTimeout(timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('DOCKER_UNAVAILABLE', `Docker Engine at ${engine.describe()} did not answer within ${ms / 1000} s (${what})`)),
      ms,
    );
  });
  try {
    return await Promise.race([run(engine.docker()), deadline]);
  } catch (err) {
    throw toDockerError(err, what, engine.describe());
  } finally {
    clearTimeout(timer);
  }
}

/** Fails fast with DOCKER_UNAVAILABLE when the engine does not answer a ping. */
export async function assertDockerReachable(engine: Engine, timeoutMs = 5_000): Promise<void> {
  await dockerCall(engine, 'ping', (d) => d.ping(), timeoutMs);
}
