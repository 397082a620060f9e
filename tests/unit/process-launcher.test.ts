import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launch } from '@/lib/process/launcher';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

function niceOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe('process launcher', () => {
  it('a program that cannot be found is refused with ENOENT, and the launcher still serves the next', async () => {
    const err = await launch('/nonexistent/program', [], { PATH: '/usr/bin:/bin' }).then(() => null, (e: NodeJS.ErrnoException) => e);
    expect(err?.code).toBe('ENOENT');
    const ok = await launch('true', [], { PATH: '/usr/bin:/bin' });
    ok.stdin.end();
    expect(await Promise.all([readAll(ok.stdout), readAll(ok.stderr)])).toEqual(['', '']);
    expect(await ok.closed).toEqual({ code: 0, signal: null });
  });

  it('gives the program exactly the environment it is handed, and reports its exit code and output', async () => {
    const child = await launch('sh', ['-c', 'cat; echo "secret=$SECRET other=${HOME:-none}" >&2; exit 3'], { PATH: '/usr/bin:/bin', SECRET: 's3' });
    const out = readAll(child.stdout);
    const err = readAll(child.stderr);
    child.stdin.end('hello through the pipe');
    expect(await child.closed).toEqual({ code: 3, signal: null });
    expect(await out).toBe('hello through the pipe');
    expect(await err).toBe('secret=s3 other=none\n');
  });

  it('output of a program that exits at once is all there, however late it is read', async () => {
    for (let i = 0; i < 20; i++) {
      const child = await launch('sh', ['-c', `echo out${i}; echo err${i} >&2`], { PATH: '/usr/bin:/bin' });
      child.stdin.end();
      await new Promise((r) => setTimeout(r, i % 2 ? 100 : 0));
      const [out, err] = await Promise.all([readAll(child.stdout), readAll(child.stderr)]);
      expect([out, err]).toEqual([`out${i}\n`, `err${i}\n`]);
      expect(await child.closed).toEqual({ code: 0, signal: null });
    }
  });

  it('streams megabytes in both directions without the helper in the data path', async () => {
    const child = await launch('sh', ['-c', 'wc -c'], { PATH: '/usr/bin:/bin' });
    const out = readAll(child.stdout);
    const block = Buffer.alloc(1024 * 1024, 7);
    for (let i = 0; i < 16; i++) if (!child.stdin.write(block)) await new Promise((r) => child.stdin.once('drain', r));
    child.stdin.end();
    await child.closed;
    expect((await out).trim()).toBe(String(16 * 1024 * 1024));
  });

  it('kill ends the program with the signal', async () => {
    const child = await launch('sleep', ['30'], { PATH: '/usr/bin:/bin' });
    child.kill('SIGTERM');
    expect(await child.closed).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('runs a program at an absolute niceness, counted from the launcher’s own', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-')), 'pid');
    const child = await launch('sh', ['-c', `echo $$ > ${marker}; exec sleep 30`], { PATH: '/usr/bin:/bin' }, { nice: 10 });
    try {
      for (let i = 0; i < 50 && !fs.existsSync(marker); i++) await new Promise((r) => setTimeout(r, 20));
      expect(niceOf(Number(fs.readFileSync(marker, 'utf8')))).toBe(10);
    } finally {
      child.kill('SIGKILL');
      await child.closed;
    }
  });

  it('when the launcher itself is killed, its program is killed before its input closes, and the run fails', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-')), 'ended');
    // Writes the marker only when its input ends: it must never get there.
    const child = await launch('sh', ['-c', `cat > /dev/null; echo input-ended > ${marker}`], { PATH: '/usr/bin:/bin' });
    const out = readAll(child.stdout);
    const err = readAll(child.stderr);
    child.stdin.write('some data');
    // Only this test process's own launcher (its child), never another process's.
    execFileSync('pkill', ['-KILL', '-P', String(process.pid), '-f', 'node -e']);
    await expect(child.closed).rejects.toThrow('the process launcher stopped while the program ran');
    await Promise.all([out, err]).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.existsSync(marker)).toBe(false);
    // The next launch starts a new launcher.
    const next = await launch('true', [], { PATH: '/usr/bin:/bin' });
    next.stdin.end();
    await Promise.all([readAll(next.stdout), readAll(next.stderr)]);
    expect(await next.closed).toEqual({ code: 0, signal: null });
  });

  it('when the process that launched them dies, its programs are killed at once', () => {
    // A separate Node process launches a long sleep and is then killed with SIGKILL.
    const script = `
      const { launch } = require(${JSON.stringify(path.resolve('lib/process/launcher.ts'))});
      launch('sleep', ['300'], { PATH: '/usr/bin:/bin' }).then((c) => { c.stdin.end(); console.log('started'); });
    `;
    const out = execFileSync('sh', ['-c', `node --import tsx -e "$0" & P=$!; sleep 3; pgrep -f "^sleep 300$" > /dev/null && echo running; kill -9 $P; sleep 1; pgrep -f "^sleep 300$" > /dev/null && echo survived || echo gone`, script], { encoding: 'utf8', timeout: 30_000 });
    expect(out).toContain('running');
    expect(out.trim().split('\n').pop()).toBe('gone');
  });
});
