import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { stringField } from '../caught';
import { AppError } from '../errors';
import { launch, type Launched } from '../process/launcher';
import { classifyResticFailure } from './restic-errors';

/**
 * Everything restic needs to open one repository. `env` carries the password and backend
 * credentials to the child process only; they never appear on a command line or on disk.
 */
export interface RepoAccess {
  repository: string;
  password: string;
  env: Record<string, string>;
  /** Extra global options, e.g. `-o sftp.command=…`. */
  options: string[];
  cacheDir: string;
  /** Removes whatever the access needed for its lifetime (an SSH key file); idempotent. */
  release(): Promise<void>;
  /**
   * A file the transport (ssh) writes its own error output to. restic relays ssh's output from
   * a goroutine and may exit before it has, so "Permission denied" could be lost; read from this
   * file it is always part of a failure's reason.
   */
  transportLog?: string;
}

/** What the transport wrote to its log, as `ssh: …` lines (none when it wrote nothing). */
function transportOutput(repo: RepoAccess): string {
  if (!repo.transportLog) return '';
  try {
    const text = readFileSync(repo.transportLog, 'utf8').trim();
    return text ? `\n${text.split('\n').map((l) => `ssh: ${l}`).join('\n')}` : '';
  } catch (err) {
    // No log: ssh never started (restic failed before it). Any other failure is said, not hidden.
    return stringField(err, 'code') === 'ENOENT' ? '' : `\nssh: its error log could not be read (${err instanceof Error ? err.message : String(err)})`;
  }
}

export interface ResticRun {
  args: string[];
  stdin?: Readable;
  /** Receives stdout instead of it being collected (restic dump). */
  stdout?: Writable;
  /** Each JSON line restic prints with --json (progress, summary). */
  onJson?: (message: Record<string, unknown>) => void;
  timeoutMs?: number;
  /**
   * Runs restic at a lower CPU priority (nice 10, every thread of it): a backup's chunking and
   * key derivation then yield to the appliance's UI and to the short pause windows of the
   * tenants, whose copy must not wait on other tenants' restic.
   */
  background?: boolean;
}

export interface ResticResult {
  stdout: string;
  stderr: string;
  json: Record<string, unknown>[];
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;
/**
 * Linux's niceness is per thread; started through nice(1), restic's threads all inherit it.
 * The launcher counts it from the server's own niceness (scripts/supervise.mjs raises that),
 * so restic runs at 10 whatever the server's own priority.
 */
const BACKGROUND_NICE = 10;
/** nice(1) exits 127 when it cannot find the program it is to run. */
const NICE_NOT_FOUND = 127;
const MAX_COLLECT = 32 * 1024 * 1024;
export function resticBinary(): string {
  return process.env.RESTIC_BINARY || 'restic';
}

/**
 * Runs one restic command against the repository. A non-zero exit becomes an AppError whose
 * code says what went wrong (unreachable, wrong password, no space, locked, damaged data)
 * and whose message carries restic's own words, with the password never in them.
 */
export function runRestic(repo: RepoAccess, run: ResticRun): Promise<ResticResult> {
  const args = ['--repo', repo.repository, '--cache-dir', repo.cacheDir, ...repo.options, ...run.args];
  // restic is given only these variables on purpose.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: repo.cacheDir, RESTIC_PASSWORD: repo.password, ...repo.env };
  // The input may fail before restic has started: that is held for collect(), never left unheard.
  const input: { error: Error | null } = { error: null };
  const early = (err: Error) => (input.error ??= err);
  run.stdin?.on('error', early);
  return launch(resticBinary(), args, env, run.background ? { nice: BACKGROUND_NICE } : {}).then(
    (child) => collect(repo, run, child, input.error),
    (err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? engineMissing() : err;
    },
  );
}

/** Feeds restic its input, gathers what it prints and turns its exit into a result or an AppError. */
function collect(repo: RepoAccess, run: ResticRun, child: Launched, inputFailed: Error | null): Promise<ResticResult> {
  return new Promise((resolve, reject) => {
    if (!run.stdin) child.stdin.end();
    let stdout = '';
    let stderr = '';
    let pending = '';
    const json: Record<string, unknown>[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, run.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    timer.unref();
    if (run.stdin) {
      // restic closing its input early (it failed) is reported through its exit code, not as EPIPE.
      child.stdin.on('error', () => undefined);
      const fail = (err: Error) => {
        stderr += `\ninput failed: ${err.message}`;
        child.kill('SIGTERM');
      };
      run.stdin.on('error', fail);
      if (inputFailed) fail(inputFailed);
      else run.stdin.pipe(child.stdin);
    }
    if (run.stdout) child.stdout.pipe(run.stdout);
    else {
      child.stdout.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (stdout.length < MAX_COLLECT) stdout += text;
        if (!run.onJson) return;
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) parseJsonLine(line, json, run.onJson);
      });
    }
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.closed.then(({ code, signal }) => {
      clearTimeout(timer);
      if (pending) parseJsonLine(pending, json, run.onJson);
      if (code === 0) return resolve({ stdout, stderr, json });
      if (run.background && code === NICE_NOT_FOUND) return reject(engineMissing());
      if (timedOut) return reject(new AppError('TIMEOUT', `restic ${run.args[0]} did not finish within ${Math.round((run.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s`));
      reject(classifyResticFailure((stderr + transportOutput(repo)).replaceAll(repo.password, '***'), code, signal));
    }, (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function engineMissing(): AppError {
  return new AppError('BACKUP_ENGINE_MISSING', 'restic is not installed: install the Debian package "restic" (apt-get install restic) or set RESTIC_BINARY.');
}

function parseJsonLine(line: string, out: Record<string, unknown>[], onJson?: (m: Record<string, unknown>) => void): void {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
    const message: Record<string, unknown> = { ...parsed };
    if (message.message_type !== 'status') out.push(message);
    onJson?.(message);
  } catch {
    // restic prints the odd plain line among JSON ones; it is not data.
  }
}
