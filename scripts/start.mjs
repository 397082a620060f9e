#!/usr/bin/env node
// Starts the built appliance (Next.js standalone server) honouring WEB_UI_PORT.
// Migrations and the first admin are handled by the server itself at start-up.
import { existsSync, cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  process.loadEnvFile(path.join(root, '.env'));
} catch {
  // No .env: the environment alone configures the appliance.
}
const distDir = process.env.NEXT_DIST_DIR || '.next';
const standalone = path.join(root, distDir, 'standalone');
const server = path.join(standalone, 'server.js');
if (!existsSync(server)) {
  console.error('The appliance is not built yet. Run: npm run build');
  process.exit(1);
}
// The standalone server serves static assets only when they sit beside it.
for (const [from, to] of [
  [path.join(root, distDir, 'static'), path.join(standalone, distDir, 'static')],
  [path.join(root, 'public'), path.join(standalone, 'public')],
  [path.join(root, 'prisma', 'migrations'), path.join(standalone, 'prisma', 'migrations')],
  [path.join(root, 'templates'), path.join(standalone, 'templates')],
]) {
  if (existsSync(from)) {
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(from, to, { recursive: true });
  }
}
const env = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: process.env.WEB_UI_PORT ?? '8000',
  HOSTNAME: process.env.LISTEN_HOST ?? '0.0.0.0',
  NEXT_TELEMETRY_DISABLED: '1',
  // Without a bound V8 lets the heap grow to ~2x under concurrent page renders (bench/RESULTS.md:
  // 460 MiB peak vs 230 MiB at 160 MB, same throughput); the live heap is well under it.
  NODE_OPTIONS: process.env.NODE_OPTIONS ?? '--max-old-space-size=160',
  // Paths are resolved against the project, not the standalone folder.
  DATABASE_PATH: path.resolve(root, process.env.DATABASE_PATH ?? './data/netbird_msp.db'),
  DATA_DIR: path.resolve(root, process.env.DATA_DIR ?? './data/tenants'),
};
if (env.APP_URL && !env.NEXTAUTH_URL) env.NEXTAUTH_URL = env.APP_URL;
// Without a fixed public URL, sign-in redirects follow the Host header the browser used.
if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST = 'true';
const child = spawn(process.execPath, [server], { cwd: standalone, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
