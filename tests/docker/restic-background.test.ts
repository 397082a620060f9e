import { removeTmp, TMP } from './harness';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/errors';
import { listSnapshots } from '../../lib/backups/repository';
import { runRestic, type RepoAccess } from '../../lib/backups/restic';

/**
 * A tenant backup starts restic before the tenant is paused (its key derivation overlaps the
 * wait for the pause window) and runs it at a lower priority. On real restic: every thread of a
 * background run is niced, and a run whose input fails before its end is stopped with nothing
 * stored, so a failed pause or copy never leaves a snapshot of less than the tenant.
 */
const repo: RepoAccess = {
  repository: path.join(TMP, 'background-repo'),
  password: 'background-password-1',
  env: {},
  options: [],
  cacheDir: path.join(TMP, 'background-cache'),
  release: async () => undefined,
};

beforeAll(async () => {
  fs.mkdirSync(repo.cacheDir, { recursive: true });
  await runRestic(repo, { args: ['init'] });
});
afterEach(() => {
  delete process.env.RESTIC_BINARY;
});
afterAll(() => removeTmp());

/** The restic process of this test's repository and the niceness of each of its threads. */
function resticThreadsNice(): { pid: number; nice: number[] } | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string[];
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // the process ended while the list was read
    }
    if (path.basename(cmdline[0] ?? '') !== 'restic' || !cmdline.includes(repo.repository)) continue;
    const nice = fs.readdirSync(`/proc/${entry}/task`).map((tid) => {
      const stat = fs.readFileSync(`/proc/${entry}/task/${tid}/stat`, 'utf8');
      // Field 19 (nice), counted after the command name's closing parenthesis.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });
    return { pid: Number(entry), nice };
  }
  return null;
}

async function waitFor<T>(probe: () => T | null, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a background restic backup', () => {
  it('whose input fails before its end is stopped, and the repository holds no snapshot of it', async () => {
    const input = new PassThrough();
    const run = runRestic(repo, { args: ['backup', '--stdin', '--stdin-filename', 'partial.tar', '--json'], stdin: input, background: true });
    run.catch(() => undefined);
    input.write(Buffer.alloc(256 * 1024, 7));
    // restic has opened the repository and waits for the rest of its input.
    const threads = await waitFor(() => {
      const t = resticThreadsNice();
      return t && t.nice.length > 1 ? t : null;
    }, 30_000, 'the restic process');
    expect(threads.nice.every((n) => n === 10)).toBe(true);
    input.destroy(new Error('the copy failed'));
    await expect(run).rejects.toThrow();
    expect(await listSnapshots(repo)).toEqual([]);
    await waitFor(() => (resticThreadsNice() ? null : true), 10_000, 'restic to exit');
  });

  it('of the whole input makes one snapshot', async () => {
    const input = new PassThrough();
    const run = runRestic(repo, { args: ['backup', '--stdin', '--stdin-filename', 'whole.tar', '--json'], stdin: input, background: true, onJson: () => undefined });
    input.end(Buffer.alloc(64 * 1024, 9));
    const summary = (await run).json.find((m) => m.message_type === 'summary');
    const listed = await listSnapshots(repo);
    expect(listed.map((s) => [s.short_id, s.paths])).toEqual([[summary?.snapshot_id, ['/whole.tar']]]);
  });

  it.runIf(process.getuid?.() === 0)('runs at niceness 10 also beside a server the supervisor raised to -10', async () => {
    const before = os.getPriority();
    os.setPriority(-10);
    const input = new PassThrough();
    try {
      const run = runRestic(repo, { args: ['backup', '--stdin', '--stdin-filename', 'raised.tar', '--json'], stdin: input, background: true, onJson: () => undefined });
      input.write(Buffer.alloc(64 * 1024, 3));
      const threads = await waitFor(() => {
        const t = resticThreadsNice();
        return t && t.nice.length > 1 ? t : null;
      }, 30_000, 'the restic process');
      expect(new Set(threads.nice)).toEqual(new Set([10]));
      input.end();
      await run;
    } finally {
      input.end();
      os.setPriority(before);
    }
  });

  it('says restic is missing when it is, not that nice failed', async () => {
    process.env.RESTIC_BINARY = path.join(TMP, 'no-such-restic');
    const err = await runRestic(repo, { args: ['cat', 'config'], background: true }).catch((e: unknown) => e);
    expect(isAppError(err, 'BACKUP_ENGINE_MISSING')).toBe(true);
  });
});
