import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYamlText } from 'yaml';
import { renderTenantFiles as renderFiles, templatesDir, type RenderedFiles } from './render-files';
import { buildStackSpec } from './stack-spec';
import { parseEnvFile } from './template-helpers';
import type { TemplateContext } from './template-context';
import { stackInput } from './test-fixtures';

const run = promisify(execFile);
const hasCaddy = fs.existsSync('/usr/bin/caddy');

/** Parses YAML as docker compose does (merge keys `<<:` included). */
async function parseYaml(content: string): Promise<Record<string, unknown> | undefined> {
  return parseYamlText(content, { merge: true, uniqueKeys: true }) as Record<string, unknown>;
}

/** The classic layout's files, every one present (a missing one fails here rather than as undefined later). */
function renderTenantFiles(ctx: TemplateContext): Record<keyof RenderedFiles, string> {
  const files = renderFiles(ctx);
  for (const [name, text] of Object.entries(files)) if (typeof text !== 'string') throw new Error(`${name} missing`);
  return files as Record<keyof RenderedFiles, string>;
}

function context(over: Partial<TemplateContext> = {}): TemplateContext {
  return { ...buildStackSpec(stackInput()).template, ...over };
}

async function caddyAdapt(content: string): Promise<{ apps: { http: { servers: Record<string, { listen: string[]; routes: unknown[] }> } } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caddyfile-'));
  const file = path.join(dir, 'Caddyfile');
  fs.writeFileSync(file, content);
  try {
    const { stdout } = await run('caddy', ['adapt', '--config', file, '--adapter', 'caddyfile'], { timeout: 10_000 });
    return JSON.parse(stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('renderTenantFiles', () => {
  const ctx = context();
  const files = renderTenantFiles(ctx);

  it('renders management.json as NetBird reads it', () => {
    const m = JSON.parse(files['management.json']);
    expect(m.Stuns).toEqual([{ Proto: 'udp', URI: 'stun:acme.msp.example.com:3479' }]);
    expect(m.Relay).toEqual({ Addresses: ['rels://acme.msp.example.com:443'], CredentialsTTL: '24h', Secret: ctx.relaySecret });
    expect(m.Signal).toEqual({ Proto: 'https', URI: 'acme.msp.example.com:443' });
    expect(m.Datadir).toBe('/var/lib/netbird');
    expect(m.DataStoreEncryptionKey).toBe(ctx.encryptionKey);
    expect(m.EmbeddedIdP).toEqual({
      Enabled: true,
      Issuer: 'https://acme.msp.example.com/oauth2',
      DashboardRedirectURIs: ['https://acme.msp.example.com/nb-auth', 'https://acme.msp.example.com/nb-silent-auth'],
    });
  });

  it('renders env files equal to the container environment', () => {
    expect(parseEnvFile(files['relay.env'])).toEqual(ctx.relayEnv);
    expect(parseEnvFile(files['dashboard.env'])).toEqual(ctx.dashboardEnv);
    expect(files['dashboard.env']).toContain('AUTH_SUPPORTED_SCOPES=openid profile email groups\n');
    expect(files['relay.env']).toContain('NB_EXPOSED_ADDRESS=rels://acme.msp.example.com:443\n');
  });

  it('renders a compose file naming the same containers, images and ports', () => {
    const compose = files['docker-compose.yml'];
    expect(compose).toContain('container_name: "netbird-acme-caddy"');
    expect(compose).toContain('- "9001:80/tcp"');
    expect(compose).toContain('- "3479:3479/udp"');
    expect(compose).toContain('mem_limit: "512m"');
    expect(compose).toContain('- "--single-account-mode-domain=acme.msp.example.com"');
    expect(compose).not.toMatch(/\{\{|\t/);
  });

  it('renders a compose file that parses to the same stack', async () => {
    type Svc = { image: string; container_name: string; labels: Record<string, string>; networks: string[]; ports?: string[]; mem_limit: string; command?: string[]; init: boolean; restart: string };
    const doc = (await parseYaml(files['docker-compose.yml'])) as { services: Record<string, Svc>; networks: Record<string, { name: string; external?: boolean }> } | undefined;
    if (!doc) return;
    const spec = buildStackSpec(stackInput());
    expect(Object.keys(doc.services)).toEqual(['management', 'signal', 'relay', 'dashboard', 'caddy']);
    for (const c of spec.containers) {
      const svc = doc.services[c.service];
      expect(svc).toMatchObject({ image: c.image, container_name: c.name, labels: c.labels, init: true, restart: 'unless-stopped', mem_limit: '512m' });
    }
    expect(doc.services.management.command).toEqual(ctx.managementCommand);
    expect(doc.services.caddy.networks).toEqual(['tenant', 'proxy']);
    expect(doc.networks).toEqual({ tenant: { name: 'netbird-acme' }, proxy: { name: 'npm-network', external: true } });
    const hostile = renderTenantFiles(context({ images: { ...ctx.images, caddy: 'caddy:2\n    privileged: true $(id)' } }));
    const parsed = (await parseYaml(hostile['docker-compose.yml'])) as { services: Record<string, Record<string, unknown>> };
    expect(parsed.services.caddy.image).toBe('caddy:2\n    privileged: true $$(id)');
    expect(parsed.services.caddy.privileged).toBeUndefined();
  });

  it.runIf(hasCaddy)('renders a Caddyfile that caddy adapt accepts, routing by path', async () => {
    const cfg = await caddyAdapt(files.Caddyfile);
    const servers = Object.values(cfg.apps.http.servers);
    expect(servers).toHaveLength(1);
    expect(servers[0].listen).toEqual([':80']);
    const routes = JSON.stringify(servers[0].routes);
    expect(routes).toContain('netbird-acme-signal:10000');
    expect(routes).toContain('"/api/*"');
  });

  it.runIf(hasCaddy)('trusts forwarded client addresses in every route only from the proxy ranges, in both layouts', async () => {
    type Handler = { handler: string; trusted_proxies?: string[]; request?: { delete?: string[] } };
    type Route = { match?: { not?: { remote_ip?: { ranges: string[] } }[] }[]; handle: Handler[] };
    for (const layout of ['classic', 'combined'] as const) {
      const spec = buildStackSpec(stackInput({ layout }));
      const text = renderFiles(spec.template).Caddyfile as string;
      // The server-wide form would not load on Caddy 2.6 (tests); the per-proxy one loads on 2.6 and 2.10.
      expect(text).not.toMatch(/^\s*servers[^\n]*\{[^}]*trusted_proxies/m);
      const routes = Object.values((await caddyAdapt(text)).apps.http.servers)[0].routes as Route[];
      const proxies = routes.flatMap((r) => r.handle).filter((h) => h.handler === 'reverse_proxy');
      expect(proxies).toHaveLength(8);
      for (const p of proxies) expect(p.trusted_proxies).toEqual(spec.template.trustedProxies);
      // X-Real-IP from any other sender is dropped before it reaches a proxy route.
      const first = routes[0];
      expect(first.match?.[0].not?.[0].remote_ip?.ranges).toEqual(spec.template.trustedProxies);
      expect(first.handle).toEqual([{ handler: 'headers', request: { delete: ['X-Real-IP'] } }]);
    }
  });

  it('throws on a missing variable (strict mode)', () => {
    const partial = { ...ctx } as Partial<TemplateContext>;
    delete partial.issuer;
    expect(() => renderTenantFiles({ ...ctx, upstreams: {} } as unknown as TemplateContext)).toThrow(/Missing value for \{\{caddy\}\}/);
    expect(() => renderTenantFiles(partial as TemplateContext)).toThrow(/Missing value for \{\{json\}\} at template line 15/);
  });

  it('keeps hostile values inside their fields or refuses them', async () => {
    // A path of this run's own: a file some other process left at a fixed path must not fail (or pass) the check.
    const marker = path.join(os.tmpdir(), `render-hostile-${process.pid}-${Date.now()}`);
    const hostile = `x"}, "DataStoreEncryptionKey": "AAAA", "y": "\\ {{x}} $(touch ${marker})\nNB_AUTH_SECRET=evil`;
    const ctxH = context({ relaySecret: hostile, relayEnv: { ...ctx.relayEnv, NB_AUTH_SECRET: hostile } });
    // The env file cannot hold a newline: rendering refuses rather than injecting a line.
    expect(() => renderTenantFiles(ctxH)).toThrow(/env file/);

    const quoted = `a"b\\c {{x}} $(touch ${marker}) \`id\``;
    const ctxQ = context({ relaySecret: quoted, relayEnv: { ...ctx.relayEnv, NB_AUTH_SECRET: quoted } });
    const out = renderTenantFiles(ctxQ);
    expect(JSON.parse(out['management.json']).Relay.Secret).toBe(quoted);
    expect(JSON.parse(out['management.json']).DataStoreEncryptionKey).toBe(ctx.encryptionKey);
    expect(parseEnvFile(out['relay.env']).NB_AUTH_SECRET).toBe(quoted);
    expect(fs.existsSync(marker)).toBe(false);

    const evilUpstream = 'netbird-acme-relay:80\n}\n:81 {\n\trespond "pwned"';
    expect(() => renderTenantFiles(context({ upstreams: { ...ctx.upstreams, relay: evilUpstream } }))).toThrow(/Caddyfile/);

    const evilImage = 'caddy:2\n    privileged: true';
    const compose = renderTenantFiles(context({ images: { ...ctx.images, caddy: evilImage } }))['docker-compose.yml'];
    expect(compose).toContain('image: "caddy:2\\n    privileged: true"');
    expect(compose).not.toMatch(/^\s+privileged: true/m);
  });

  it('reads its templates from the repository templates folder', () => {
    expect(fs.existsSync(path.join(templatesDir(), 'Caddyfile.hbs'))).toBe(true);
  });
});
