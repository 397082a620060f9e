#!/usr/bin/env node
// Removes what file tracing copied into the standalone server but must never ship:
// local databases and tenant data (a stale database inside an image would be a leak).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const standalone = path.join(root, process.env.NEXT_DIST_DIR || '.next', 'standalone');
for (const dir of ['data', 'test-results', 'tests', 'e2e', 'bench']) {
  rmSync(path.join(standalone, dir), { recursive: true, force: true });
}
