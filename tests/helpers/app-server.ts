import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
const ROOT = path.resolve(__dirname, '..', '..');

export interface AppServer {
  url: string;
  dir: string;
  env: Record<string, string>;
  logs(): string;
  /** Stops the server and deletes its database and data directory. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or power loss would: files stay for a restart with `reuse`. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess, logs: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${logs()}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200 || res.status === 503) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not become healthy:\n${logs()}`);
}

/**
 * Starts the built appliance (npm run build first) on a free port with its own
 * SQLite file and data directory, exactly as `npm start` runs it.
 */
export async function startAppServer(extraEnv: Record<string, string> = {}, reuse?: AppServer): Promise<AppServer> {
  const dir = reuse?.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-api-'));
  const port = reuse ? Number(reuse.env.WEB_UI_PORT) : await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    SECRET_KEY: 'test-secret-key-4f8a9c2e7b1d6053a9e4c7f2b8d1e6a3',
    DATABASE_PATH: path.join(dir, 'appliance.db'),
    DATA_DIR: path.join(dir, 'tenants'),
    WEB_UI_PORT: String(port),
    LISTEN_HOST: '127.0.0.1',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
    ...extraEnv,
  };
  let output = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output);
  return {
    url,
    dir,
    env,
    logs: () => output,
    kill: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      // The whole process group: start.mjs and the server it runs die together, like a crash.
      process.kill(-(child.pid as number), 'SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // The supervisor gives the server 10 s before its own SIGKILL; after that, the group goes.
        await Promise.race([exited, new Promise((r) => setTimeout(r, 12_000))]);
      }
      // Always the whole group: a supervisor killed alone would leave its server running, orphaned.
      killGroup(child.pid);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (err) {
    // ESRCH: the group is already gone, which is what we want.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
