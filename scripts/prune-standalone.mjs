#!/usr/bin/env node
// Finishes the standalone server: writes the appliance's server entry, and removes what file
// tracing copied in but must never ship: local databases and tenant data (a stale database
// inside an image would be a leak).
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = process.env.NEXT_DIST_DIR || '.next';
const standalone = path.join(root, distDir, 'standalone');
// Other build folders (the operator's .next beside a test build, or the reverse) are never
// part of this server: copying them would ship a second app and stale chunks.
const otherBuilds = readdirSync(standalone).filter((name) => name.startsWith('.next') && name !== distDir);
for (const dir of ['data', 'test-results', 'tests', 'e2e', 'bench', ...otherBuilds]) {
  rmSync(path.join(standalone, dir), { recursive: true, force: true });
}

// The appliance's own server entry replaces Next.js's generated one (see scripts/server-entry.mjs).
const entry = readFileSync(path.join(root, 'scripts', 'server-entry.mjs'), 'utf8');
const placeholder = "const distDir = '.next';";
if (!entry.includes(placeholder)) throw new Error('scripts/server-entry.mjs no longer names its build folder');
writeFileSync(path.join(standalone, 'server.js'), entry.replace(placeholder, `const distDir = ${JSON.stringify(distDir)};`));
