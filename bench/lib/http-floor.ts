import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net';
import { runLoad, type LoadResult } from './load';

/**
 * A bare node:http server that answers every request with the file's bytes as JSON, re-serialised
 * each time, at the CPU niceness given (the appliance server's, so neither gets the CPU first).
 */
const SERVER = `
try { require('node:os').setPriority(Number(process.argv[3])); } catch {}
const http = require('node:http');
const body = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}).listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

/**
 * The floor for an API figure on this machine: the same response body from a bare Node HTTP
 * server in its own process (no framework, no auth, no database), under the same load tool
 * and the same number of clients, at the same CPU priority. What the appliance adds is everything
 * above this.
 */
export async function measureHttpFloor(body: string, connections: number, seconds: number, nice: number, signal?: AbortSignal): Promise<LoadResult> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-bench-floor-')), 'body.json');
  fs.writeFileSync(file, body);
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', SERVER, file, String(port), String(Number.isFinite(nice) ? nice : 0)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}`;
    await runLoad(url, '/', {}, connections, 3, signal);
    return await runLoad(url, '/', {}, connections, seconds, signal);
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
