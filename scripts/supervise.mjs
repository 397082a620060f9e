// The appliance's supervisor: runs the standalone server as a child, restarts it when it dies
// after it was ready, and says why it died. Used by scripts/start.mjs (quick start, native mode
// without systemd, tests); container mode has Docker's restart policy, systemd its own.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The server's heap bounds unless NODE_OPTIONS says otherwise. They keep RSS predictable:
 * - the old generation's bound is the measured heap peak of the busiest mixed load
 *   (bench/soak.ts) with headroom; at 160 MB the server died of heap exhaustion under 20
 *   clients rendering pages at once;
 * - the young generation's semi-spaces are held at 2 MB (Node's default lets them grow to
 *   16 MB each): with 60 tenants the idle RSS fell from 215 to 181 MiB and the peak under 20
 *   clients listing customers from 234 to 197 MiB, with no lower throughput (the server restarted
 *   with each setting on one population, so nothing else differed).
 */
export const DEFAULT_NODE_OPTIONS = '--max-old-space-size=320 --max-semi-space-size=2';
/**
 * The server's CPU niceness unless APPLIANCE_CPU_NICE says otherwise. On a host that also runs
 * the tenants, a deploy's container starts (dockerd, containerd, runc, the packet filter) fill
 * both cores; at the same priority the server waited its turn behind them: its event loop stalled
 * for 150–200 ms at p99 and the dashboard's answers took two to three times longer in those
 * minutes (bench/soak.ts: 72–95 ms at -10, 114–149 ms at -5). Its JavaScript runs on one thread,
 * so however busy, it leaves the other cores to the engine and the tenants.
 */
export const DEFAULT_CPU_NICE = -10;
const TAIL_LINES = 30;
const STABLE_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

function logLine(level, msg, fields) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, component: 'supervisor', ...fields });
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
}

/** Copies a child stream to ours line by line, keeping the last lines for the exit report. */
function relay(stream, target, tail) {
  let partial = '';
  stream.on('data', (chunk) => {
    target.write(chunk);
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) tail.push(line.slice(0, 500));
    if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
  });
}

/** The cause of a death in words, from the exit status and what the process printed last. */
export function describeExit(code, signal, tail) {
  const text = tail.join('\n');
  if (/heap limit|JavaScript heap out of memory/i.test(text)) return 'JavaScript heap limit reached (out of memory)';
  if (signal === 'SIGKILL') return 'killed (SIGKILL: by an operator, a test or the kernel out-of-memory killer)';
  if (signal) return `terminated by ${signal}`;
  const fatal = [...tail].reverse().find((l) => /"level":"fatal"|Error:|FATAL/.test(l));
  return fatal ? `exit code ${code}: ${fatal.slice(0, 300)}` : `exit code ${code}`;
}

/** The session this process belongs to, from /proc/self/stat (after the command's closing parenthesis). */
function sessionId() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

/**
 * Gives this process, and so the server it starts, the CPU niceness `value` (APPLIANCE_CPU_NICE;
 * DEFAULT_CPU_NICE when unset, 0 leaves it alone). Linux keeps a niceness per thread and a child
 * inherits the one of the thread that started it, so the supervisor's main thread is set before
 * the first start. Where the kernel shares the CPU between sessions first (autogroup scheduling),
 * a thread's niceness only counts inside its own session; a supervisor that leads its own session
 * (quick start, native mode) sets that session's niceness too. Raising priority needs root or
 * CAP_SYS_NICE; without it the server runs at normal priority and says so.
 */
export function applyCpuNice(value = process.env.APPLIANCE_CPU_NICE) {
  const nice = value === undefined || value === '' ? DEFAULT_CPU_NICE : Number(value);
  if (!Number.isInteger(nice) || nice < -20 || nice > 19) {
    logLine('warn', `APPLIANCE_CPU_NICE must be a whole number from -20 to 19 (it is ${value}); the server runs at normal CPU priority`);
    return;
  }
  if (nice === 0) return;
  try {
    os.setPriority(nice);
  } catch (err) {
    logLine('warn', `the server runs at normal CPU priority: niceness ${nice} needs root or CAP_SYS_NICE (${err.info?.code ?? err.code ?? err.message})`);
    return;
  }
  let session = 'shared with whoever started it: left alone';
  if (existsSync('/proc/self/autogroup') && sessionId() === process.pid) {
    try {
      writeFileSync('/proc/self/autogroup', String(nice));
      session = `niceness ${nice}`;
    } catch (err) {
      session = `left alone (${err.code ?? err.message})`;
    }
  }
  logLine('info', `the server runs at CPU niceness ${nice}`, { cpu_nice: nice, session });
}

/**
 * Runs `server` with `env` until SIGTERM/SIGINT. A child that exits before it reported ready
 * on the first start ends the supervisor with its code (a broken configuration must fail
 * loudly, not loop); later deaths are restarted with a growing pause (1 s … 30 s, reset after
 * a minute of stable running). The child learns its restart count and the previous exit
 * through APPLIANCE_RESTARTS and APPLIANCE_LAST_EXIT.
 */
export function supervise({ server, cwd, env, restart = true, onExit }) {
  let child;
  let stopping = false;
  let restarts = 0;
  let everReady = false;
  let backoff = 1000;
  let lastExit;

  const start = () => {
    const tail = [];
    const startedAt = Date.now();
    const childEnv = { ...env, APPLIANCE_SUPERVISED: '1', APPLIANCE_RESTARTS: String(restarts) };
    if (lastExit) childEnv.APPLIANCE_LAST_EXIT = JSON.stringify(lastExit);
    // The first administrator exists once a child was ready: a restart needs no password.
    if (everReady) delete childEnv.ADMIN_PASSWORD;
    child = spawn(process.execPath, [server], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    relay(child.stdout, process.stdout, tail);
    relay(child.stderr, process.stderr, tail);
    child.on('message', (m) => {
      if (m && m.type === 'ready') everReady = true;
    });
    child.on('exit', (code, signal) => {
      if (stopping) return onExit(code ?? 0);
      const ranMs = Date.now() - startedAt;
      const reason = describeExit(code, signal, tail);
      lastExit = { code, signal, reason, at: new Date().toISOString(), pid: child.pid, ran_seconds: Math.round(ranMs / 1000) };
      if (!everReady || !restart) {
        logLine('error', everReady ? 'server exited; restarts are off' : 'server exited before it was ready; not restarting', { previous_exit: lastExit, last_output: tail.slice(-10) });
        return onExit(code ?? 1);
      }
      if (ranMs > STABLE_MS) backoff = 1000;
      restarts += 1;
      logLine('error', `server exited (${reason}); restarting in ${backoff / 1000} s`, { previous_exit: lastExit, restarts, last_output: tail.slice(-10) });
      pending = setTimeout(() => {
        pending = undefined;
        start();
      }, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    });
  };
  let pending;

  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    if (pending) clearTimeout(pending);
    if (pending || !child || child.exitCode !== null || child.signalCode !== null) return onExit(0);
    child.kill(signal);
    // A server that ignores the request is ended after 10 s, so a stop always frees the port.
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  };
  start();
  return { stop, childPid: () => child?.pid };
}

/**
 * The supervisor as a process: writes `pidFile` (its own pid, removed on exit) and stops the
 * server on SIGTERM/SIGINT/SIGHUP, exiting once the server has exited, so `kill <pid>` ends
 * the whole appliance and frees its port.
 */
export function runSupervised({ server, cwd, env, pidFile, restart = true }) {
  if (pidFile) {
    mkdirSync(path.dirname(pidFile), { recursive: true });
    writeFileSync(pidFile, `${process.pid}\n`);
  }
  applyCpuNice();
  const finish = (code) => {
    if (pidFile) rmSync(pidFile, { force: true });
    process.exit(code);
  };
  const supervisor = supervise({ server, cwd, env: { NODE_OPTIONS: DEFAULT_NODE_OPTIONS, ...env }, restart, onExit: finish });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => supervisor.stop(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM'));
  return supervisor;
}
