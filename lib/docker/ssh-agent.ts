import 'server-only';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';

/**
 * An HTTP agent that carries Docker API requests over ONE SSH connection per host: each
 * request opens a channel running `docker system dial-stdio` (what the Docker CLI does for
 * ssh:// hosts). docker-modem's own ssh support makes a new SSH connection, handshake and
 * key exchange included, for every request, which costs seconds on a busy host.
 * A connection that closes or fails is dropped and the next request connects again.
 */
export class SshDialAgent extends http.Agent {
  private ready: Promise<Client> | undefined;
  private client: Client | undefined;

  constructor(private readonly config: ConnectConfig) {
    super({ keepAlive: false });
  }

  private connect(): Promise<Client> {
    this.ready ??= new Promise<Client>((resolve, reject) => {
      const client = new Client();
      const drop = () => {
        if (this.client === client) this.client = undefined;
        this.ready = undefined;
      };
      client
        .once('ready', () => {
          this.client = client;
          resolve(client);
        })
        .on('error', (err) => {
          drop();
          reject(err);
        })
        .once('close', drop)
        .connect(this.config);
    });
    return this.ready;
  }

  override createConnection(_options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | undefined {
    if (!callback) return undefined;
    // cast: Node's agent accepts the error alone; the declared type always wants a stream.
    const fail = callback as (err: Error) => void;
    this.connect().then(
      (client) =>
        client.exec('docker system dial-stdio', (err, stream) => {
          if (err) {
            // A refused channel usually means a dead connection: start afresh next time.
            client.end();
            fail(err);
          } else callback(null, stream);
        }),
      (err: Error) => fail(err),
    );
    return undefined;
  }

  /** Closes the shared connection (the host was removed or its key changed). */
  override destroy(): void {
    this.client?.end();
    this.client = undefined;
    this.ready = undefined;
    super.destroy();
  }
}
