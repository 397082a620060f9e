import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeNpm, type FakeNpm } from '../../tests/fakes/fake-npm';
import { ApiClient } from '../../tests/helpers/api-client';
import { freePort } from './net';
import { createNetworkWithSubnet, removeBenchResources } from './docker';
import { STANDIN_IMAGES } from '../../tests/helpers/standin-images';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ADMIN_PASSWORD = 'bench-admin-password-7c1e';
const NPM_USER = { email: 'automation@msp.example.com', password: 'bench-npm-secret' };


/**
 * Port ranges of bench tenants: below the ephemeral range and away from the defaults
 * (9000–9999, 3478–4477), so a bench run never takes a port a test server on the same
 * host expects to be free.
 */
export const BENCH_PORTS = { dashboard_port_start: 24000, dashboard_port_end: 24899, relay_port_start: 25000, relay_port_end: 25899 };

export interface Appliance {
  url: string;
  runId: string;
  dir: string;
  dbPath: string;
  /** The server's environment: database, data directory and secret key, for in-process measurements. */
  env: Record<string, string>;
  proxyNetwork: string;
  npm: FakeNpm;
  admin: ApiClient;
  /** Stops the server and the fake NPM, removes every container and network of this run and its directory. */
  stop(): Promise<void>;
  /** A clean-up step of the caller's (e.g. another engine's containers), run by stop() on every way out, signals included, beside the removal of the local engine's containers. */
  onCleanup(step: () => Promise<void>): void;
  /** Aborted once the run is being stopped (Ctrl-C, a kill, a crash): loops check it and end instead of measuring on. */
  signal: AbortSignal;
  /** The Next.js server process (server.js), whose memory is the appliance's footprint; re-read after a restart. */
  readonly serverPid: number;
  /** The supervisor's reports of server deaths (one line each), empty while the server never died. */
  serverExits(): string[];
  /** The server's error-level log lines so far (at most 200), to name the cause of a 5xx. */
  serverErrors(): string[];
  subdomain(n: number | string): string;
  logs(): string;
}

async function waitForHealth(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`appliance exited early (${child.exitCode}):\n${logs()}`);
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (res && (res.status === 200 || res.status === 503)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`appliance did not answer /api/health within 90 s:\n${logs()}`);
}

/** start.mjs runs server.js as its only child; the kernel lists it under /proc (none while it restarts). */
function childPid(pid: number): number | undefined {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length ? Number(children[0]) : undefined;
  } catch {
    // The supervisor itself is gone.
    return undefined;
  }
}

async function waitForChild(pid: number): Promise<number> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const child = childPid(pid);
    if (child) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`start.mjs (${pid}) has no server process`);
}

/**
 * The built appliance (npm run build; NEXT_DIST_DIR honoured) on a free loopback port with
 * its own database and data directory, a fake NPM, stand-in images and the bench port ranges.
 * Every process id goes into <dir>/pids so bench/cleanup.sh can end them after a crash.
 */
export async function startAppliance(settings: Record<string, unknown> = {}): Promise<Appliance> {
  const runId = Math.random().toString(16).slice(2, 6);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-bench-'));
  const pids = path.join(dir, 'pids');
  const npm = await startFakeNpm({ email: NPM_USER.email, password: NPM_USER.password });
  const port = await freePort();
  const proxyNetwork = `netbird-bench-${runId}-proxy`;
  // A /16 of its own: the shared proxy network must hold every tenant's Caddy. Outside the
  // default docker_subnet_pool (10.213.0.0/16), which the tenant networks come from; another
  // bench running at the same time holds the first, so the next free one is taken.
  try {
    for (let octet = 215; ; octet++) {
      const taken = await createNetworkWithSubnet(proxyNetwork, `10.${octet}.0.0/16`, { 'netbird-msp.bench': runId }).then(
        () => false,
        (err: { statusCode?: number; message?: string }) => {
          if (err.statusCode === 403 && /overlap/i.test(err.message ?? '') && octet < 240) return true;
          throw err;
        },
      );
      if (!taken) break;
    }
  } catch (err) {
    // Nothing else started yet; without this the fake NPM's server would keep the process alive.
    await npm.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    SECRET_KEY: 'bench-secret-key-2d7f1c9e4a8b6053f1e2d3c4b5a69788',
    DATABASE_PATH: path.join(dir, 'appliance.db'),
    DATA_DIR: path.join(dir, 'tenants'),
    WEB_UI_PORT: String(port),
    LISTEN_HOST: '127.0.0.1',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
    ...(process.env.APPLIANCE_CPU_NICE ? { APPLIANCE_CPU_NICE: process.env.APPLIANCE_CPU_NICE } : {}),
    // To measure the heap a load needs: e.g. BENCH_SERVER_NODE_OPTIONS=--max-old-space-size=1024.
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  };
  let output = '';
  const exits: string[] = [];
  const errors: string[] = [];
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  // The server's whole output to a file as well, e.g. BENCH_SERVER_LOG=/tmp/server.log BENCH_LOG_LEVEL=info.
  const mirror = process.env.BENCH_SERVER_LOG ? fs.createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' }) : undefined;
  const keep = (d: Buffer) => {
    mirror?.write(d);
    const text = d.toString();
    output = (output + text).slice(-20_000);
    // The supervisor's report of a death: kept whole, however much output follows it.
    for (const line of text.split('\n')) {
      if (line.includes('"component":"supervisor"') && line.includes('"msg":"server exited')) exits.push(line.slice(0, 2000));
      else if (line.includes('"level":"error"') && errors.length < 200) errors.push(line.slice(0, 2000));
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`\nthe appliance's supervisor exited (${signal ?? code}) during the run; its last output:\n${output.slice(-4000)}`);
  });
  fs.writeFileSync(pids, `${child.pid}\n`);
  const url = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  const aborter = new AbortController();
  // Idempotent: a signal handler and the caller's finally may both ask.
  const stop = () => (stopping ??= stopOnce());
  const stopOnce = async () => {
    aborter.abort(new Error('the run is being stopped'));
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await npm.stop();
    // The server is gone, so nothing recreates a container while its stacks are removed. The
    // caller's steps (another engine) run at the same time: each engine removes its own.
    const started = performance.now();
    const pass = () =>
      Promise.all([
        removeBenchResources(runId, dir).then(
          (removed) => removed.containers + removed.networks && console.error(`cleanup: removed ${removed.containers} containers and ${removed.networks} networks of run ${runId} on the local engine`),
          (err: Error) => console.error(`cleanup of the local engine failed: ${err.message}`),
        ),
        ...cleanups.map((step) => step().catch((err: Error) => console.error(`cleanup step failed: ${err.message}`))),
      ]);
    await pass();
    // A create the bench had in flight when it was stopped may finish after the first listing.
    await pass();
    console.error(`cleanup took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Ctrl-C, a kill or a crash of the bench itself still removes everything this run created;
  // none of it needs the server.
  // `on`, not `once`: `timeout` and tsx both deliver SIGTERM, and a second, unhandled one would
  // end the process in the middle of its cleanup.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.error(`${signal}: cleaning up run ${runId}`);
      void stop().finally(() => process.exit(130));
    });
  }
  process.once('uncaughtException', (err) => {
    console.error(`bench crashed: ${err.stack ?? err.message}\nthe server's last output:\n${output.slice(-4000)}`);
    void stop().finally(() => process.exit(1));
  });
  try {
    await waitForHealth(url, child, () => output);
    let lastServerPid = await waitForChild(child.pid as number);
    fs.appendFileSync(pids, `${lastServerPid}\n`);
    const admin = await new ApiClient(url).login('admin', ADMIN_PASSWORD);
    const res = await admin.put('/api/settings', {
      ...STANDIN_IMAGES,
      ...BENCH_PORTS,
      base_domain: 'msp.example.com',
      npm_api_url: npm.url,
      npm_api_email: NPM_USER.email,
      npm_api_password: NPM_USER.password,
      ssl_mode: 'letsencrypt',
      docker_network: proxyNetwork,
      ...settings,
    });
    if (res.status !== 200) throw new Error(`settings refused: ${res.status} ${JSON.stringify(res.body)}`);
    // The default nightly backup (02:00) would otherwise start in the middle of a run that crosses it.
    const backups = await admin.put('/api/settings/backups', { repository_type: 'local', schedule_enabled: false });
    if (backups.status !== 200) throw new Error(`backup settings refused: ${backups.status} ${JSON.stringify(backups.body)}`);
    return {
      url, runId, dir, dbPath: env.DATABASE_PATH, env, proxyNetwork, npm, admin,
      get serverPid() {
        lastServerPid = childPid(child.pid as number) ?? lastServerPid;
        return lastServerPid;
      },
      serverExits: () => [...exits],
      serverErrors: () => [...errors],
      subdomain: (n) => `bench-${runId}-${n}`,
      logs: () => output,
      stop,
      onCleanup: (step) => void cleanups.push(step),
      signal: aborter.signal,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold spaces), so field N of
 * proc(5) is at index N - 3; null once the process is gone.
 */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU time (user + system) the process has used, in seconds; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  const f = statFields(pid);
  // utime and stime, fields 14 and 15, in clock ticks (100 per second).
  return f ? (Number(f[11]) + Number(f[12])) / 100 : Number.NaN;
}

/** The CPU niceness (field 19) of a process's main thread (the supervisor raises the server's), NaN once it is gone. */
export function niceOf(pid: number): number {
  const f = statFields(pid);
  return f ? Number(f[16]) : Number.NaN;
}

/**
 * VmRSS of a process in bytes (the resident memory `ps` and `top` show); NaN when the process
 * is gone (a server that died mid-run must not crash the bench before its cleanup).
 */
export function rssBytes(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return Number.NaN;
  }
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return kb ? Number(kb[1]) * 1024 : Number.NaN;
}
