import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fileText, renderTenantFiles } from './render-files';
import { buildStackSpec } from './stack-spec';
import { parseEnvFile } from './template-helpers';
import type { TemplateContext } from './template-context';
import { stackInput } from './test-fixtures';
import { combinedClientAddresses, parseConfigYaml, validateCombinedFiles } from './validate-config-yaml';

const run = promisify(execFile);
const spec = buildStackSpec(stackInput({ layout: 'combined' }));
const ctx = spec.template;
const files = renderTenantFiles(ctx);

describe('the combined layout', () => {
  it('runs the server, the dashboard and Caddy; the server mounts classic management\'s data and the tenant UDP port', () => {
    expect(spec.containers.map((c) => c.service)).toEqual(['server', 'dashboard', 'caddy']);
    const server = spec.containers[0];
    expect(server.image).toBe('netbirdio/netbird-server:0.77.1');
    expect(server.cmd).toEqual(['--config', '/etc/netbird/config.yaml']);
    expect(server.binds).toContainEqual({ source: '/srv/netbird-msp/tenants/acme/data/management', target: '/var/lib/netbird' });
    expect(server.ports).toEqual([{ container: 3479, host: 3479, protocol: 'udp' }]);
    expect(spec.images).toEqual({ server: 'netbirdio/netbird-server:0.77.1', dashboard: 'netbirdio/dashboard:v2.90.9', caddy: 'caddy:2.10-alpine' });
    expect(Object.keys(files).sort()).toEqual(['Caddyfile', 'config.yaml', 'dashboard.env', 'docker-compose.yml']);
  });

  it('writes a config.yaml that parses back to the tenant values, with geolocation on by default', () => {
    const { server } = parseConfigYaml(fileText(files, 'config.yaml'));
    expect(server.exposedAddress).toBe('https://acme.msp.example.com:443');
    expect(server.stunPorts).toEqual([3479]);
    expect(server.store).toEqual({ engine: 'sqlite', encryptionKey: ctx.encryptionKey });
    expect(server.authSecret).toBe(ctx.relaySecret);
    expect(server.auth.issuer).toBe('https://acme.msp.example.com/oauth2');
    expect(server.auth.sessionCookieEncryptionKey).toBe(ctx.sessionCookieKey);
    expect(server.auth.dashboardRedirectURIs).toEqual(['https://acme.msp.example.com/nb-auth', 'https://acme.msp.example.com/nb-silent-auth']);
    expect(server.disableGeoliteUpdate).toBe(false);
    expect(parseEnvFile(fileText(files, 'dashboard.env'))).toEqual(ctx.dashboardEnv);
  });

  it('refuses a config.yaml with an unknown key, a duplicate key or a value that is not the tenant\'s', () => {
    const text = fileText(files, 'config.yaml');
    expect(() => parseConfigYaml(text.replace('  logLevel: "info"', '  logLevel: "info"\n  listenAdress: ":81"'))).toThrow(/server: Unrecognized key/);
    expect(() => parseConfigYaml(text.replace('  logLevel: "info"', '  logLevel: "info"\n  logLevel: "debug"'))).toThrow(/not valid YAML/);
    expect(() => parseConfigYaml(text.replace('engine: "sqlite"', 'engine: "postgres"'))).toThrow(/server\.store\.engine/);
    expect(() => validateCombinedFiles(text, { ...ctx, encryptionKey: Buffer.alloc(32, 1).toString('base64') })).toThrow(/store\.encryptionKey/);
    expect(() => validateCombinedFiles(text, { ...ctx, relayPort: 4000 })).toThrow(/stunPorts/);
  });

  it('keeps hostile values inside their YAML string and does not double $ for NetBird', () => {
    const hostile = 'a"b\\c\n  owner:\n    email: "x" $(id) {{x}}';
    const out = renderTenantFiles({ ...ctx, relaySecret: hostile } as TemplateContext);
    const raw = parse(fileText(out, 'config.yaml')) as { server: { authSecret: string; auth: Record<string, unknown> } };
    expect(raw.server.authSecret).toBe(hostile);
    expect(raw.server.auth.owner).toBeUndefined();
  });

  it('describes the same stack in its compose file', () => {
    const doc = parse(fileText(files, 'docker-compose.yml'), { merge: true }) as { services: Record<string, { image: string; container_name: string; ports?: string[]; volumes?: string[] }> };
    expect(Object.keys(doc.services)).toEqual(['server', 'dashboard', 'caddy']);
    expect(doc.services.server.container_name).toBe('netbird-acme-server');
    expect(doc.services.server.ports).toEqual(['3479:3479/udp']);
    expect(doc.services.server.volumes).toEqual(['./config.yaml:/etc/netbird/config.yaml:ro', './data/management:/var/lib/netbird']);
  });

  it.runIf(fs.existsSync('/usr/bin/caddy'))('routes every NetBird path of the Caddyfile to the server, gRPC as h2c', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caddyfile-'));
    try {
      fs.writeFileSync(path.join(dir, 'Caddyfile'), fileText(files, 'Caddyfile'));
      const { stdout } = await run('caddy', ['adapt', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { timeout: 20_000 });
      const routes = stdout;
      expect(routes).toContain('netbird-acme-server:80');
      expect(routes).not.toContain('netbird-acme-signal');
      expect(routes).not.toContain('netbird-acme-management');
      expect(routes).toContain('netbird-acme-dashboard:80');
      expect(routes).toContain('"h2c"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('the recipe gaps, in both layouts', () => {
  const classic = renderTenantFiles(buildStackSpec(stackInput()).template);

  it('trusts the private ranges NPM and Caddy sit in, in management.json and config.yaml alike', () => {
    const mgmt = JSON.parse(fileText(classic, 'management.json')) as { ReverseProxy: { TrustedHTTPProxies: string[] } };
    expect(mgmt.ReverseProxy.TrustedHTTPProxies).toContain('172.16.0.0/12');
    expect(parseConfigYaml(fileText(files, 'config.yaml')).server.reverseProxy.trustedHTTPProxies).toEqual(mgmt.ReverseProxy.TrustedHTTPProxies);
  });

  it('keeps geolocation off for classic by default, and follows the setting otherwise', () => {
    expect(buildStackSpec(stackInput()).template.managementEnv.NB_DISABLE_GEOLOCATION).toBe('true');
    const off = stackInput({ layout: 'combined' });
    off.settings = { ...off.settings, netbird_geolocation: 'off' };
    expect(parseConfigYaml(fileText(renderTenantFiles(buildStackSpec(off).template), 'config.yaml')).server.disableGeoliteUpdate).toBe(true);
    const on = stackInput();
    on.settings = { ...on.settings, netbird_geolocation: 'on' };
    expect(buildStackSpec(on).template.managementEnv.NB_DISABLE_GEOLOCATION).toBe('false');
  });
});

describe('STUN and relay addresses peers are told, by host and layout', () => {
  const remote = { id: 'host-2', entryAddress: '10.0.0.9', stunAddress: '198.51.100.20' };

  it('classic on another host: management.json names that host for STUN, the relay stays behind NPM', () => {
    const files = renderTenantFiles(buildStackSpec(stackInput({ host: remote })).template);
    const mgmt = JSON.parse(fileText(files, 'management.json')) as { Stuns: { URI: string }[]; Relay: { Addresses: string[] } };
    expect(mgmt.Stuns.map((s) => s.URI)).toEqual(['stun:198.51.100.20:3479']);
    expect(mgmt.Relay.Addresses).toEqual(['rels://acme.msp.example.com:443']);
    const local = JSON.parse(fileText(renderTenantFiles(buildStackSpec(stackInput()).template), 'management.json')) as { Stuns: { URI: string }[] };
    expect(local.Stuns.map((s) => s.URI)).toEqual(['stun:acme.msp.example.com:3479']);
  });

  it('combined: config.yaml makes NetBird announce STUN at the domain, the relay behind NPM', () => {
    const { server } = parseConfigYaml(fileText(files, 'config.yaml'));
    expect(combinedClientAddresses(server)).toEqual({ stuns: ['stun:acme.msp.example.com:3479'], relays: ['rels://acme.msp.example.com:443'] });
    // On another host config.yaml could not say otherwise (server.stuns would switch NetBird's own STUN off):
    // the context tells the truth, and the layout rules keep combined tenants off such hosts.
    const onRemote = buildStackSpec(stackInput({ layout: 'combined', host: remote })).template;
    expect(onRemote.stunUri).toBe('stun:acme.msp.example.com:3479');
    expect(fileText(renderTenantFiles(onRemote), 'config.yaml')).not.toContain('198.51.100.20');
  });

  it('derives the addresses as NetBird does, brackets and plain http included', () => {
    expect(combinedClientAddresses({ exposedAddress: 'https://[2001:db8::1]:443', stunPorts: [3478, 3479] })).toEqual({
      stuns: ['stun:[2001:db8::1]:3478', 'stun:[2001:db8::1]:3479'],
      relays: ['rels://[2001:db8::1]:443'],
    });
    expect(combinedClientAddresses({ exposedAddress: 'http://nb.example:8080', stunPorts: [3478] })).toEqual({ stuns: ['stun:nb.example:3478'], relays: ['rel://nb.example:8080'] });
  });

  it('refuses a config.yaml whose announced STUN is not the tenant\'s', () => {
    expect(() => validateCombinedFiles(fileText(files, 'config.yaml'), { ...ctx, stunUri: 'stun:198.51.100.20:3479' })).toThrow(/announced STUN/);
  });
});
