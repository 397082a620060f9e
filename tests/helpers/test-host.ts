import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The second Docker Engine scripts/test-host.sh runs in its own network namespace: its
 * addresses and key material, read from the script's own `env` output so the two never drift.
 */
const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const script = path.join(root, 'scripts/test-host.sh');

export interface TestHost {
  address: string;
  tcp: string;
  ssh: string;
  socket: string;
  ca: string;
  cert: string;
  key: string;
  sshKey: string;
}

export async function testHostFacts(): Promise<TestHost> {
  const { stdout } = await run('bash', [script, 'env']);
  const f = Object.fromEntries(stdout.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
  const read = (p: string) => fs.readFileSync(p, 'utf8');
  return {
    address: f.TEST_HOST_ADDRESS,
    tcp: f.TEST_HOST_TCP,
    ssh: f.TEST_HOST_SSH,
    socket: f.TEST_HOST_SOCKET,
    ca: read(f.TEST_HOST_CA),
    cert: read(f.TEST_HOST_CERT),
    key: read(f.TEST_HOST_KEY),
    sshKey: read(f.TEST_HOST_SSH_KEY),
  };
}

/** Starts the test host if needed and loads the stand-in images into it (both idempotent). */
export async function ensureTestHost(): Promise<TestHost> {
  await run('bash', [script, 'up'], { timeout: 120_000 });
  await run('bash', [script, 'load-images'], { timeout: 180_000 });
  return testHostFacts();
}

/** Takes the test host's link down (it "dies") or back up. */
export async function setTestHostLink(up: boolean): Promise<void> {
  await run('bash', [script, up ? 'mend' : 'cut']);
}
