import 'server-only';
import Docker from 'dockerode';
// ssh2 is CommonJS: its `utils` is not a named export Node's ESM loader can see (plain node and tsx).
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { globalSingleton } from '../global-singleton';
import { AppError } from '../errors';
import { SshDialAgent } from './ssh-agent';

/**
 * How the appliance reaches a Docker Engine on another machine: Docker's own `dial-stdio`
 * over SSH (docker-modem runs `docker system dial-stdio` on the far side) or TCP with mutual
 * TLS. Secrets arrive here already decrypted and are kept only in the client's memory.
 */
export type EngineConnection =
  /** `hostKey`: the SHA-256 fingerprint pinned at the first connection (trust on first use); another key is refused. */
  | { kind: 'ssh'; endpoint: string; privateKey: string; hostKey?: string | null }
  | { kind: 'tls'; endpoint: string; ca: string; cert: string; key: string };

export interface ParsedEndpoint {
  kind: 'ssh' | 'tls';
  host: string;
  port: number;
  username?: string;
}

const SSH = /^ssh:\/\/([a-z_][a-z0-9_.-]{0,31})@([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?\/?$/;
const TCP = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})\/?$/;

/** `ssh://user@host[:port]` or `tcp://host:port`; anything else is undefined. */
export function parseEndpoint(endpoint: string): ParsedEndpoint | undefined {
  const ssh = SSH.exec(endpoint);
  const strip = (h: string) => h.replace(/^\[|\]$/g, '');
  if (ssh) {
    const port = ssh[3] ? Number(ssh[3]) : 22;
    return port >= 1 && port <= 65535 ? { kind: 'ssh', username: ssh[1], host: strip(ssh[2]), port } : undefined;
  }
  const tcp = TCP.exec(endpoint);
  if (tcp) {
    const port = Number(tcp[2]);
    return port >= 1 && port <= 65535 ? { kind: 'tls', host: strip(tcp[1]), port } : undefined;
  }
  return undefined;
}

/** Why ssh2 cannot use this private key (e.g. a passphrase or an unsupported format), or undefined. */
export function sshKeyProblem(privateKey: string): string | undefined {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) return parsed.message;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return key && key.isPrivateKey() ? undefined : 'not a private key';
}

/** A connection attempt that does not finish in this time counts as an unreachable host. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** `SHA256:<base64>` of a raw SSH host key, as ssh-keygen -l prints it. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The SSH host keys seen per endpoint (recorded by "Test connection" when none is pinned yet). */
const seenHostKeys = globalSingleton('sshHostKeysSeen', () => new Map<string, string>());

export function seenHostKey(endpoint: string): string | undefined {
  return seenHostKeys.get(endpoint);
}

type FirstHostKeyListener = (endpoint: string, fingerprint: string) => void;
const firstKeyListeners = globalSingleton('sshFirstHostKeyListeners', () => new Set<FirstHostKeyListener>());

/** Told when a connection without a pinned key accepts one (lib/hosts stores and audits the pin). */
export function onFirstHostKey(listener: FirstHostKeyListener): () => void {
  firstKeyListeners.add(listener);
  return () => firstKeyListeners.delete(listener);
}

/**
 * Trust on first use, as OpenSSH's known_hosts does: with no key pinned the first key seen is
 * accepted and pinned in this connection at once (so a reconnect of the same client already
 * refuses another key) and reported to be stored; a pinned key must match exactly, since a
 * changed host key may be a machine in the middle.
 */
function verifyHostKey(conn: Extract<EngineConnection, { kind: 'ssh' }>, key: Buffer): boolean {
  const fingerprint = hostKeyFingerprint(key);
  seenHostKeys.set(conn.endpoint, fingerprint);
  if (conn.hostKey) return conn.hostKey === fingerprint;
  conn.hostKey = fingerprint;
  for (const listener of firstKeyListeners) listener(conn.endpoint, fingerprint);
  return true;
}

export function remoteDockerClient(conn: EngineConnection): Docker {
  const at = parseEndpoint(conn.endpoint);
  if (!at || at.kind !== conn.kind) throw new AppError('VALIDATION_FAILED', `Unsupported Docker endpoint "${conn.endpoint}"`, { field: 'endpoint' });
  if (conn.kind === 'ssh') {
    const agent = new SshDialAgent({
      host: at.host,
      port: at.port,
      username: at.username,
      privateKey: conn.privateKey,
      readyTimeout: CONNECT_TIMEOUT_MS,
      hostVerifier: (key: Buffer) => verifyHostKey(conn, key),
      // A silent peer (host gone) is noticed within ~15 s and the next call reconnects.
      keepaliveInterval: 5_000,
      keepaliveCountMax: 3,
    });
    // The host name only fills the Host header: the agent carries every request over SSH.
    const options: Docker.DockerOptions & { agent: SshDialAgent } = { protocol: 'http', host: 'docker', port: 80, agent };
    return new Docker(options);
  }
  return new Docker({ protocol: 'https', host: at.host, port: at.port, ca: conn.ca, cert: conn.cert, key: conn.key, timeout: 0 });
}
