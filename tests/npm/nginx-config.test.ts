import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAdvancedConfig } from '@/lib/proxy/advanced-config';
import { freePort } from '../helpers/app-server';
import { startTinyDns, type TinyDns } from '../helpers/tiny-dns';
import { legacyConfig } from './npm-fixture';

/**
 * The advanced config against a real nginx (scripts/ensure-test-deps.sh
 * installs it), inside a server block shaped like the one NPM generates for a
 * proxy host, with the `resolver` NPM writes to conf.d/include/resolvers.conf.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => fs.existsSync(p));
const CADDY = 'netbird-acme-caddy';

interface Seen { path: string; version: string; headers: IncomingHttpHeaders }

/** A stand-in for the tenant's Caddy: HTTP/1.1 and h2c on one port, recording what arrives. */
async function startTenant(seen: Seen[]): Promise<{ port: number; close: () => void }> {
  const record = (req: http.IncomingMessage | http2.Http2ServerRequest) => seen.push({ path: req.url ?? '', version: req.httpVersion, headers: req.headers });
  const h1 = http.createServer((req, res) => (record(req), res.end('h1')));
  const h2 = http2.createServer((req, res) => {
    record(req);
    res.writeHead(200, { 'content-type': 'application/grpc' });
    res.addTrailers({ 'grpc-status': '0' });
    res.end();
  });
  const [h1Port, h2Port, port] = [await freePort(), await freePort(), await freePort()];
  await new Promise<void>((resolve) => h1.listen(h1Port, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => h2.listen(h2Port, '127.0.0.1', resolve));
  // Like Caddy's `protocols h1 h2c`: the first bytes tell which protocol, and the connection is relayed to that server.
  // nginx may reset a connection at any point (before its first bytes, or when it is stopped): each
  // socket has its error listener from the start, so a reset ends that connection, not the test run.
  const tcp = net.createServer((sock) => {
    let target: net.Socket | undefined;
    sock.on('error', () => target?.destroy());
    sock.once('data', (first) => {
      const t = net.connect(first.toString('latin1').startsWith('PRI * HTTP/2') ? h2Port : h1Port, '127.0.0.1', () => {
        t.write(first);
        sock.pipe(t).pipe(sock);
      });
      t.on('error', () => sock.destroy());
      target = t;
    });
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  return { port, close: () => [tcp, h1, h2].forEach((s) => s.close()) };
}

function writeNpmLikeConfig(dir: string, dnsPort: number, h2Port: number, h1Port: number, tenantPort: number, advanced: string): string {
  fs.mkdirSync(path.join(dir, 'conf.d/include'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'proxy_host'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.d/include/resolvers.conf'), `resolver 127.0.0.1:${dnsPort} ipv6=off valid=1s;\n`);
  fs.writeFileSync(path.join(dir, 'proxy_host/1.advanced.conf'), advanced);
  const conf = `pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log;
events {}
http {
  access_log off;
  include ${dir}/conf.d/include/resolvers.conf;
  server {
    set $forward_scheme http;
    set $server "${CADDY}";
    set $port ${tenantPort};
    listen 127.0.0.1:${h2Port} http2;
    listen 127.0.0.1:${h1Port};
    server_name acme.msp.example.com;
    include ${dir}/proxy_host/1.advanced.conf;
    location / {
      proxy_pass $forward_scheme://$server:$port$request_uri;
    }
  }
}
`;
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  return file;
}

function nginxTest(dir: string, file: string): { ok: boolean; output: string } {
  const run = spawnSync(NGINX ?? 'nginx', ['-t', '-p', dir, '-c', file, '-g', 'daemon off; master_process off;'], { encoding: 'utf8', timeout: 20_000 });
  // A failed start (spawn error, a signal) is in the output too, so a failure names its cause.
  const failed = run.error ? `could not run nginx: ${run.error.message}\n` : run.signal ? `nginx ended by ${run.signal}\n` : '';
  return { ok: run.status === 0, output: `${failed}${run.stdout}${run.stderr}` };
}

async function grpcCall(port: number, grpcPath: string): Promise<number> {
  const client = http2.connect(`http://127.0.0.1:${port}`);
  // A reset of the whole connection also fails the request below, which is where it is reported.
  client.on('error', () => undefined);
  try {
    return await new Promise<number>((resolve, reject) => {
      const req = client.request({ ':method': 'POST', ':path': grpcPath, 'content-type': 'application/grpc', te: 'trailers' });
      req.on('response', (headers) => resolve(Number(headers[':status'])));
      req.on('error', reject);
      req.end(Buffer.alloc(5));
    });
  } finally {
    client.close();
  }
}

if (!NGINX && process.env.CI) throw new Error('nginx is missing: run scripts/ensure-test-deps.sh');

describe.skipIf(!NGINX)('advanced config under a real nginx', () => {
  const seen: Seen[] = [];
  let dir: string;
  let dns: TinyDns;
  let tenant: { port: number; close: () => void };
  let nginx: ChildProcess | undefined;
  let h2Port: number;
  let h1Port: number;
  let file: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-npm-'));
    dns = await startTinyDns();
    tenant = await startTenant(seen);
    [h2Port, h1Port] = [await freePort(), await freePort()];
    file = writeNpmLikeConfig(dir, dns.port, h2Port, h1Port, tenant.port, renderAdvancedConfig('acme', CADDY, tenant.port));
  });

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    tenant?.close();
    await dns?.stop();
    if (!process.env.KEEP_NGINX_DIR) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('nginx -t passes while the tenant name does not resolve; the literal upstream of earlier releases fails', () => {
    const current = nginxTest(dir, file);
    expect(current.ok, current.output).toBe(true);
    fs.writeFileSync(path.join(dir, 'proxy_host/1.advanced.conf'), legacyConfig(CADDY, tenant.port));
    const legacy = nginxTest(dir, file);
    expect(legacy.ok).toBe(false);
    expect(legacy.output).toContain(`host not found in upstream "${CADDY}"`);
    fs.writeFileSync(path.join(dir, 'proxy_host/1.advanced.conf'), renderAdvancedConfig('acme', CADDY, tenant.port));
  });

  it('gRPC reaches a running tenant as HTTP/2 through the resolver; a stopped one gets 502 and nginx keeps serving', async () => {
    dns.records.set(CADDY, '127.0.0.1');
    let startError = '';
    nginx = spawn(NGINX ?? 'nginx', ['-p', dir, '-c', file, '-g', 'daemon off; master_process off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginx.on('error', (err) => (startError += `could not run nginx: ${err.message}\n`));
    nginx.stderr?.on('data', (c: Buffer) => (startError += c.toString('utf8')));
    for (let i = 0; i < 100 && !(await canConnect(h1Port)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await canConnect(h1Port), `nginx did not start: ${startError || 'no output'}`).toBe(true);

    expect(await grpcCall(h2Port, '/management.ManagementService/Sync')).toBe(200);
    expect(await grpcCall(h2Port, '/signalexchange.SignalExchange/ConnectStream')).toBe(200);
    expect(seen.map((s) => `${s.version} ${s.path}`)).toEqual(['2.0 /management.ManagementService/Sync', '2.0 /signalexchange.SignalExchange/ConnectStream']);
    // NPM's own header lines cover proxy_pass only: the gRPC location names the client itself.
    expect(seen.map((s) => [s.headers['x-forwarded-for'], s.headers['x-real-ip']])).toEqual([['127.0.0.1', '127.0.0.1'], ['127.0.0.1', '127.0.0.1']]);

    const relay = await httpGet(h1Port, '/relay');
    expect(relay).toBe(200);
    expect(seen.at(-1)).toMatchObject({ path: '/relay', headers: { connection: 'upgrade' } });

    // The resolver caches for `valid=1s`; nginx re-resolves on the first request after that, so under load the
    // switch can take a request or two longer. Poll for it (bounded) instead of betting on one fixed sleep.
    dns.records.delete(CADDY);
    expect(await grpcStatusWithin(h2Port, 502, 15_000)).toBe(502);
    dns.records.set(CADDY, '127.0.0.1');
    expect(await grpcStatusWithin(h2Port, 200, 15_000)).toBe(200);
  });
});

/** Calls until the status is `want` or the time is up; returns the last status seen. */
async function grpcStatusWithin(port: number, want: number, ms: number): Promise<number> {
  const until = Date.now() + ms;
  let status = 0;
  do {
    await new Promise((r) => setTimeout(r, 500));
    status = await grpcCall(port, '/management.ManagementService/Sync');
  } while (status !== want && Date.now() < until);
  return status;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => (sock.destroy(), resolve(true)));
    sock.on('error', () => resolve(false));
  });
}

function httpGet(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject);
  });
}
