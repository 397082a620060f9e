#!/usr/bin/env node
// Runs an installed release's server.js under the supervisor (install.sh native mode without
// systemd): node supervisor/supervise-cli.mjs [--pid-file FILE] server.js
// The environment is the server's; the working directory is the release.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runSupervised } from './supervise.mjs';

const { values, positionals } = parseArgs({ options: { 'pid-file': { type: 'string' } }, allowPositionals: true });
const server = path.resolve(positionals[0] ?? 'server.js');
if (!existsSync(server)) {
  console.error(`supervise-cli: no server at ${server}`);
  process.exit(1);
}
const buildIdFile = path.join(path.dirname(server), 'BUILD_ID');
runSupervised({
  server,
  cwd: path.dirname(server),
  env: { ...process.env, ...(existsSync(buildIdFile) ? { APPLIANCE_BUILD_ID: readFileSync(buildIdFile, 'utf8').trim() } : {}) },
  pidFile: values['pid-file'] ? path.resolve(values['pid-file']) : undefined,
});
