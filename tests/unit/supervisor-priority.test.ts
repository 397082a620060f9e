import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The supervisor gives the server a higher CPU priority, so a deploy's container starts on the
// same host do not hold up the dashboard. Checked on a real supervisor and a stand-in server.js
// that reports the niceness of every one of its threads and of its session.
const root = path.resolve(__dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supervisor-nice-'));
const server = path.join(dir, 'server.js');
fs.writeFileSync(
  server,
  `const fs = require('node:fs');
// An fs call first, so libuv's worker threads exist and are counted too.
fs.readFile(__filename, () => {
  const nices = fs.readdirSync('/proc/self/task').map((t) => {
    const stat = fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
  const session = fs.existsSync('/proc/self/autogroup') ? fs.readFileSync('/proc/self/autogroup', 'utf8').trim() : '';
  console.log('REPORT ' + JSON.stringify({ nices, session }));
});
setInterval(() => {}, 1000);
process.on('SIGTERM', () => process.exit(0));
`,
);
// Children inherit the niceness of whoever started them: the test runner's is "normal".
const normal = os.getPriority();
const isRoot = process.getuid?.() === 0;
const hasAutogroup = fs.existsSync('/proc/self/autogroup');

type Report = { nices: number[]; session: string; log: string };

/** Starts the supervisor like native mode does, in its own session unless `ownSession` is false. */
function supervise(nice: string | undefined, ownSession = true): Promise<Report> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  if (nice === undefined) delete env.APPLIANCE_CPU_NICE;
  else env.APPLIANCE_CPU_NICE = nice;
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'supervise-cli.mjs'), server], { env, detached: ownSession, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise<Report>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no report from the server; output:\n${log}`)), 15_000);
    const take = (chunk: Buffer) => {
      log += chunk.toString();
      const line = log.split('\n').find((l) => l.startsWith('REPORT '));
      if (!line) return;
      clearTimeout(timer);
      child.kill('SIGTERM');
      // cast: the stand-in server prints exactly this shape
      resolve({ ...(JSON.parse(line.slice(7)) as Omit<Report, 'log'>), log });
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
  });
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the supervisor sets the server’s CPU priority', { timeout: 30_000 }, () => {
  it('refuses a niceness that is not a whole number from -20 to 19 and runs at normal priority', async () => {
    for (const bad of ['fast', '-21', '2.5']) {
      const r = await supervise(bad);
      expect(r.log).toContain(`APPLIANCE_CPU_NICE must be a whole number from -20 to 19 (it is ${bad})`);
      expect(new Set(r.nices)).toEqual(new Set([normal]));
    }
  });

  it('leaves the priority alone at 0', async () => {
    const r = await supervise('0');
    expect(new Set(r.nices)).toEqual(new Set([normal]));
    expect(r.log).not.toContain('CPU niceness');
    if (hasAutogroup) expect(r.session).toMatch(/ nice 0$/);
  });

  it.runIf(isRoot)('runs every thread of the server at the default niceness, and its own session too', async () => {
    const r = await supervise(undefined);
    expect(r.nices.length).toBeGreaterThan(4);
    expect(new Set(r.nices)).toEqual(new Set([-10]));
    expect(r.log).toContain('the server runs at CPU niceness -10');
    if (hasAutogroup) expect(r.session).toMatch(/ nice -10$/);
  });

  it.runIf(isRoot && hasAutogroup)('never changes the session of whoever started it', async () => {
    const before = fs.readFileSync('/proc/self/autogroup', 'utf8');
    const r = await supervise('-3', false);
    expect(new Set(r.nices)).toEqual(new Set([-3]));
    expect(r.session).toBe(before.trim());
    expect(fs.readFileSync('/proc/self/autogroup', 'utf8')).toBe(before);
  });

  it.skipIf(isRoot)('without the right to raise it, runs at normal priority and says why', async () => {
    const r = await supervise('-5');
    expect(r.log).toContain('the server runs at normal CPU priority: niceness -5 needs root or CAP_SYS_NICE');
    expect(new Set(r.nices)).toEqual(new Set([normal]));
  });
});
