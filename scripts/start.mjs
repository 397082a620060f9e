#!/usr/bin/env node
// Starts the built appliance (Next.js standalone server) under its supervisor.
//   node scripts/start.mjs [--pid-file FILE]
// The pid file names this process; it stops the server with SIGTERM and waits for it, so
// `kill $(cat FILE)` ends the whole appliance. Migrations and the first admin are handled by
// the server itself at start-up. APPLIANCE_SUPERVISE=0 runs the server without restarts.
import { existsSync, cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runSupervised } from './supervise.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { 'pid-file': { type: 'string' } } });
try {
  process.loadEnvFile(path.join(root, '.env'));
} catch {
  // No .env: the environment alone configures the appliance.
}
const distDir = process.env.NEXT_DIST_DIR || '.next';
const standalone = path.join(root, distDir, 'standalone');
const server = path.join(standalone, 'server.js');
if (!existsSync(server)) {
  console.error(`The appliance is not built yet (no ${path.relative(root, server)}). Run: npm run build`);
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
  // LISTEN_HOST, not HOSTNAME: shells and containers set HOSTNAME to the machine's name.
  HOSTNAME: process.env.LISTEN_HOST ?? '0.0.0.0',
  NEXT_TELEMETRY_DISABLED: '1',
  APPLIANCE_BUILD_ID: readFileSync(path.join(root, distDir, 'BUILD_ID'), 'utf8').trim(),
  // Paths are resolved against the project, not the standalone folder.
  DATABASE_PATH: path.resolve(root, process.env.DATABASE_PATH ?? './data/netbird_msp.db'),
  DATA_DIR: path.resolve(root, process.env.DATA_DIR ?? './data/tenants'),
};
if (env.APP_URL && !env.NEXTAUTH_URL) env.NEXTAUTH_URL = env.APP_URL;
// Without a fixed public URL, sign-in redirects follow the Host header the browser used.
if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST = 'true';

runSupervised({
  server,
  cwd: standalone,
  env,
  pidFile: args['pid-file'] ? path.resolve(args['pid-file']) : undefined,
  restart: process.env.APPLIANCE_SUPERVISE !== '0',
});
