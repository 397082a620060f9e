import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { globalSingleton } from '../global-singleton';

/**
 * Starts programs (restic) from a small helper process instead of from the server itself.
 *
 * Why: Node starts a child with fork(). After a fork every page of the parent's memory is
 * copy-on-write, and the parent takes a page fault on the next write to each one. The server
 * holds some 300 MB; in a virtual machine with costly page faults one restic start then cost
 * the server about a second of CPU (measured: 12 starts from a process with 300 MB in use,
 * 18.5 CPU-s; through this helper, 0.06 CPU-s). The helper is started once, holds a few MB,
 * and forks cheaply. The child's stdin, stdout and stderr are handed back to the server over
 * the IPC channel (as file descriptors), so the data flows between the server and the child
 * directly, never through the helper.
 *
 * When the server dies, the helper's IPC channel closes: it kills every child it started at
 * once (SIGKILL) and exits, so no restic outlives the server that was feeding it.
 */
const HELPER_SOURCE = `
const { spawn } = require('node:child_process');
const os = require('node:os');
const children = new Map();
function send(message, handle) { try { process.send(message, handle); } catch {} }
process.on('message', (m) => {
  if (m.type === 'kill') { const c = children.get(m.id); if (c) c.kill(m.signal); return; }
  if (m.type !== 'spawn') return;
  let child;
  const [command, args] = typeof m.nice === 'number' ? ['nice', ['-n', String(m.nice - os.getPriority()), m.command, ...m.args]] : [m.command, m.args];
  try { child = spawn(command, args, { env: m.env, stdio: ['pipe', 'pipe', 'pipe'] }); }
  catch (err) { send({ type: 'error', id: m.id, code: err.code || null, message: String(err.message || err) }); return; }
  child.on('error', (err) => { children.delete(m.id); send({ type: 'error', id: m.id, code: err.code || null, message: String(err.message || err) }); });
  if (child.pid === undefined) return;
  children.set(m.id, child);
  // The pipes are the caller's: taken off the child object, which would otherwise close stdin
  // and drain stdout and stderr when the program exits, possibly before they have been passed on
  // (a handle goes over the channel only once the one before it has arrived).
  const stdio = [child.stdin, child.stdout, child.stderr];
  child.stdin = child.stdout = child.stderr = null;
  child.stdio = [];
  // Node starts reading a child's output at once; here not a byte may be read (it would stay in
  // this process), nor the end seen (that closes the pipe): the reading is stopped before any.
  for (const pipe of [stdio[1], stdio[2]]) { pipe._handle.reading = false; pipe._handle.readStop(); }
  child.on('exit', (code, signal) => { children.delete(m.id); send({ type: 'exit', id: m.id, code, signal }); });
  stdio.forEach((pipe, fd) => send({ type: 'stdio', id: m.id, fd, pid: child.pid }, pipe));
});
process.on('disconnect', () => { for (const c of children.values()) c.kill('SIGKILL'); process.exit(0); });
`;

export interface Launched {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  kill(signal?: NodeJS.Signals): void;
  /**
   * Once the program has exited and its stdout and stderr have been read to the end. The caller
   * reads both (unlike Node's own children, nothing is drained for it at exit: output is kept
   * until read, however late).
   */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface HelperMessage {
  type: 'stdio' | 'exit' | 'error';
  id: number;
  fd?: number;
  pid?: number;
  code?: number | string | null;
  signal?: NodeJS.Signals | null;
  message?: string;
}

interface Pending {
  stdio: (Socket | undefined)[];
  pid?: number;
  onStdio(fd: number): void;
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
  onError(err: NodeJS.ErrnoException): void;
}

interface HelperState {
  helper: ChildProcess | null;
  nextId: number;
  pending: Map<number, Pending>;
}

const state = globalSingleton<HelperState>('processLauncher', () => ({ helper: null, nextId: 1, pending: new Map() }));

function isHelperMessage(m: unknown): m is HelperMessage {
  return typeof m === 'object' && m !== null && 'type' in m && 'id' in m && typeof m.id === 'number';
}

function helper(): ChildProcess {
  if (state.helper && state.helper.connected) return state.helper;
  // Only PATH: the helper needs nothing else, and every child gets the environment its caller gives.
  // cast: Next.js declares NODE_ENV required in ProcessEnv; the helper is given only PATH on purpose.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' } as unknown as NodeJS.ProcessEnv;
  const made: ChildProcess = spawn(process.execPath, ['-e', HELPER_SOURCE], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  made.on('message', (m: unknown, handle: unknown) => {
    if (!isHelperMessage(m)) return;
    const run = state.pending.get(m.id);
    if (!run) return;
    if (m.type === 'stdio' && m.fd !== undefined) {
      // cast: the helper sends each of a child's stdio sockets as the handle of a `stdio` message.
      run.stdio[m.fd] = handle as Socket;
      run.pid ??= m.pid;
      run.onStdio(m.fd);
    } else if (m.type === 'exit') run.onExit(typeof m.code === 'number' ? m.code : null, m.signal ?? null);
    else if (m.type === 'error') run.onError(Object.assign(new Error(m.message ?? 'could not start the program'), { code: typeof m.code === 'string' ? m.code : undefined }));
  });
  const lost = () => {
    if (state.helper !== made) return;
    state.helper = null;
    for (const run of state.pending.values()) run.onError(new Error('the process launcher stopped while the program ran'));
  };
  made.on('exit', lost);
  made.on('disconnect', lost);
  made.on('error', lost);
  made.unref();
  made.channel?.unref();
  state.helper = made;
  return made;
}

export interface LaunchOptions {
  /**
   * Runs the program through nice(1) at this niceness, counted from the helper's own (which is
   * the server's, inherited when it was started): e.g. 10 whatever priority the server has.
   * nice(1) exits 127 when it cannot find the program.
   */
  nice?: number;
}

/** Starts `command` with `args` and exactly `env`, its stdio as pipes (see above for why through a helper). */
export function launch(command: string, args: string[], env: Record<string, string>, options: LaunchOptions = {}): Promise<Launched> {
  const id = state.nextId++;
  const h = helper();
  if (state.pending.size === 0) h.channel?.ref();
  return new Promise((resolve, reject) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settleClosed: (v: { code: number | null; signal: NodeJS.Signals | null }) => void = () => undefined;
    let failClosed: (err: Error) => void = () => undefined;
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res, rej) => {
      settleClosed = res;
      failClosed = rej;
    });
    closed.catch(() => undefined);
    let streamsOpen = 2;
    let started = false;
    const finish = () => {
      state.pending.delete(id);
      if (state.pending.size === 0) h.channel?.unref();
    };
    const maybeClosed = () => {
      if (exit && streamsOpen === 0) {
        finish();
        settleClosed(exit);
      }
    };
    const run: Pending = {
      stdio: [],
      onStdio(fd) {
        // Output can end before the other pipes have arrived: its end is counted from its arrival.
        if (fd > 0) run.stdio[fd]?.once('close', () => (streamsOpen--, maybeClosed()));
        const [stdin, stdout, stderr] = run.stdio;
        if (!stdin || !stdout || !stderr || started) return;
        started = true;
        resolve({
          stdin,
          stdout,
          stderr,
          kill: (signal = 'SIGTERM') => {
            if (!exit && h.connected) h.send({ type: 'kill', id, signal });
          },
          closed,
        });
      },
      onExit(code, signal) {
        exit = { code, signal };
        maybeClosed();
      },
      onError(err) {
        finish();
        // The launcher is gone (killed on its own): its program is ended here before its input
        // closes, so a backup never sees an end of input it could take for the whole of it.
        if (run.pid && !exit) {
          try {
            process.kill(run.pid, 'SIGKILL');
          } catch {
            // Gone already.
          }
        }
        for (const s of run.stdio) s?.destroy();
        if (started) failClosed(err);
        else reject(err);
      },
    };
    state.pending.set(id, run);
    h.send({ type: 'spawn', id, command, args, env, nice: options.nice }, undefined, undefined, (err: Error | null) => {
      if (err) run.onError(err);
    });
  });
}
