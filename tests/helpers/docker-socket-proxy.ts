import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A unix-socket pass-through to the real Docker socket. Pointing the appliance's
 * DOCKER_HOST at it lets a test take "the engine" away (every connection cut, new
 * ones refused) and bring it back, without touching the daemon other tests use.
 */
export interface DockerSocketProxy {
  dockerHost: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startDockerSocketProxy(target = '/var/run/docker.sock'): Promise<DockerSocketProxy> {
  const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dockproxy-')), 'docker.sock');
  const open = new Set<net.Socket>();
  let server: net.Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target);
        open.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });

  const cut = async () => {
    const s = server;
    server = undefined;
    for (const sock of open) sock.destroy();
    open.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    fs.rmSync(socketPath, { force: true });
  };

  await listen();
  return {
    dockerHost: `unix://${socketPath}`,
    cut,
    restore: listen,
    close: cut,
  };
}
