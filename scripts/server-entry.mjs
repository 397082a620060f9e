// The appliance's HTTP server. scripts/prune-standalone.mjs writes it over the standalone
// build's server.js (naming the build folder), so every launcher runs it: start.mjs, the
// installer's service, the image. Next.js answers every request through its own request
// handler, except the hot read-only API routes the app registered at start-up
// (app/api/direct-routes.ts): those go straight to the same route handler, without Next.js's
// routing layer (lib/http/direct-routes.ts).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import module from 'node:module';

const require = module.createRequire(import.meta.url);
const dir = path.dirname(fileURLToPath(import.meta.url));
const distDir = '.next';
process.env.NODE_ENV = 'production';
process.chdir(dir);
// The name the installer and the quick start know the server by (as Next.js's own entry sets it).
process.title = 'next-server (netbird-msp)';

const port = parseInt(process.env.PORT ?? '', 10) || 3000;
const hostname = process.env.HOSTNAME || '0.0.0.0';
const readJson = (name) => JSON.parse(readFileSync(path.join(dir, distDir, name), 'utf8'));
// Next.js reads its configuration from here instead of next.config.mjs, which is not shipped.
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(readJson('required-server-files.json').config);

// The headers next.config.mjs sets, with the path patterns the build compiled for them.
const headerRules = readJson('routes-manifest.json').headers.map((rule) => ({
  regex: new RegExp(rule.regex),
  headers: rule.headers.map(({ key, value }) => [key, value]),
}));
const configHeaders = (pathname) => headerRules.filter((rule) => rule.regex.test(pathname)).flatMap((rule) => rule.headers);

const DIRECT = Symbol.for('netbird-msp.direct-routes');
const next = require('next');
const app = next({ dir, dev: false, hostname, port });
const server = http.createServer();
const keepAlive = parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? '', 10);
if (Number.isFinite(keepAlive) && keepAlive >= 0) server.keepAliveTimeout = keepAlive;

try {
  await app.prepare();
} catch (err) {
  console.error(err);
  process.exit(1);
}
const handle = app.getRequestHandler();
server.on('request', (req, res) => {
  const direct = globalThis[DIRECT];
  if (direct && direct(req, res, configHeaders)) return;
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.on('error', (err) => {
  console.error('the server cannot listen:', err.message);
  process.exit(1);
});
server.listen(port, hostname, () => {
  process.env.__NEXT_PRIVATE_ORIGIN = `http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`;
  console.log(`listening on http://${hostname}:${port}`);
});

// A stop request ends the process with the signal's usual code once open requests are cut.
for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(code);
  });
}
