import 'server-only';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';

/**
 * OpenSSH allows 10 sessions per connection by default (MaxSessions); each Docker request is
 * one, and event streams and log follows hold theirs for as long as they run. A connection
 * carries at most this many at once; more requests open another connection to the host.
 */
export const CHANNELS_PER_CONNECTION = 8;
/** Beyond this many connections to one host, requests wait for a channel to close. */
export const MAX_CONNECTIONS = 3;
/**
 * Each channel starts a `docker` process on the host: in a burst the host is busy starting
 * them, and a further connection's handshake may take longer than a first one's is allowed.
 */
const EXTRA_CONNECTION_READY_MS = 30_000;

interface Connection {
  client: Client;
  ready: Promise<Client>;
  open: number;
  /** Channels this connection may carry: lowered when the host refuses one (its own MaxSessions, or sessions not yet ended). */
  limit: number;
  closed: boolean;
}

type Callback = (err: Error | null, stream: Duplex) => void;
/** A request waiting for a channel; `retried`: its first connection failed while another was up. */
interface Waiting {
  callback: Callback;
  retried: boolean;
}

/**
 * An HTTP agent that carries Docker API requests over SSH: each request opens a channel running
 * `docker system dial-stdio` (what the Docker CLI does for ssh:// hosts) on one of a few shared
 * connections. docker-modem's own ssh support makes a new SSH connection, handshake and key
 * exchange included, for every request, which costs seconds on a busy host. A connection that
 * closes or fails is dropped and the next request connects again.
 */
export class SshDialAgent extends http.Agent {
  private connections: Connection[] = [];
  private waiting: Waiting[] = [];

  constructor(private readonly config: ConnectConfig) {
    super({ keepAlive: false });
  }

  private connect(): Connection {
    const client = new Client();
    const extra = this.connections.some((c) => !c.closed);
    const config = extra ? { ...this.config, readyTimeout: Math.max(this.config.readyTimeout ?? 0, EXTRA_CONNECTION_READY_MS) } : this.config;
    const conn: Connection = { client, open: 0, limit: CHANNELS_PER_CONNECTION, closed: false, ready: Promise.resolve(client) };
    const drop = () => {
      conn.closed = true;
      this.connections = this.connections.filter((c) => c !== conn);
      this.next();
    };
    conn.ready = new Promise<Client>((resolve, reject) => {
      client
        .once('ready', () => resolve(client))
        .on('error', (err) => {
          drop();
          reject(err);
        })
        .once('close', drop)
        .connect(config);
    });
    // A failed connect is reported to the requests that waited for it (below), never unhandled.
    conn.ready.catch(() => undefined);
    this.connections.push(conn);
    return conn;
  }

  /** A live connection with a free channel, a new one while under the limit, or none. */
  private pick(): Connection | undefined {
    const live = this.connections.filter((c) => !c.closed);
    return live.find((c) => c.open < c.limit) ?? (live.length < MAX_CONNECTIONS ? this.connect() : undefined);
  }

  private next(): void {
    while (this.waiting.length) {
      const conn = this.pick();
      if (!conn) return;
      const request = this.waiting.shift();
      if (request) this.dial(conn, request);
    }
  }

  private dial(conn: Connection, request: Waiting): void {
    const { callback } = request;
    // cast: Node's agent accepts the error alone; the declared type always wants a stream.
    const fail = callback as (err: Error) => void;
    conn.open += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      conn.open -= 1;
      this.next();
    };
    conn.ready.then(
      (client) => {
        try {
          client.exec('docker system dial-stdio', (err, stream) => {
            if (err) {
              // Refused while others run: the host's session limit. This connection carries fewer; the request waits for a channel.
              if (conn.open > 1 && !request.retried) {
                conn.limit = Math.max(1, conn.open - 1);
                setTimeout(() => {
                  this.waiting.push({ callback, retried: true });
                  release();
                }, 250);
                return;
              }
              // A refused channel on a connection carrying no other is a dead connection: start afresh next time.
              if (conn.open === 1) {
                conn.closed = true;
                client.end();
              }
              release();
              fail(err);
              return;
            }
            stream.once('close', release);
            callback(null, stream);
          });
        } catch (err) {
          // The connection closed between its readiness and this channel ("Not connected").
          release();
          fail(err instanceof Error ? err : new Error(String(err)));
        }
      },
      (err: unknown) => {
        // Another connection to the host is up: this request waits for a channel there instead.
        if (!request.retried && this.connections.some((c) => c !== conn && !c.closed)) {
          this.waiting.push({ callback, retried: true });
          release();
          return;
        }
        release();
        fail(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  override createConnection(_options: http.ClientRequestArgs, callback?: Callback): Duplex | undefined {
    if (!callback) return undefined;
    const request = { callback, retried: false };
    const conn = this.pick();
    if (conn) this.dial(conn, request);
    else this.waiting.push(request);
    return undefined;
  }

  /** Closes the shared connections (the host was removed or its key changed); waiting requests fail. */
  override destroy(): void {
    for (const c of this.connections) c.client.end();
    this.connections = [];
    const waiting = this.waiting;
    this.waiting = [];
    // cast: Node's agent accepts the error alone; the declared type always wants a stream.
    for (const w of waiting) (w.callback as (err: Error) => void)(new Error('The connection to this host was closed.'));
    super.destroy();
  }
}
