import { parseDocument } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors';
import type { TemplateContext } from './template-context';

/**
 * The subset of NetBird's combined config.yaml (combined/cmd/config.go) the appliance writes,
 * strict at every level: a key NetBird does not know, or one we did not mean to write, fails.
 */
const stringList = z.array(z.string());
const configYaml = z
  .object({
    server: z
      .object({
        listenAddress: z.string().regex(/^:\d+$/),
        exposedAddress: z.string().url(),
        stunPorts: z.array(z.number().int().min(1).max(65535)).min(1),
        metricsPort: z.number().int(),
        healthcheckAddress: z.string(),
        logLevel: z.enum(['panic', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']),
        logFile: z.string(),
        authSecret: z.string().min(1),
        dataDir: z.string(),
        disableGeoliteUpdate: z.boolean(),
        auth: z
          .object({
            issuer: z.string().url(),
            signKeyRefreshEnabled: z.boolean(),
            sessionCookieEncryptionKey: z.string(),
            dashboardRedirectURIs: stringList,
            cliRedirectURIs: stringList,
          })
          .strict(),
        store: z.object({ engine: z.literal('sqlite'), encryptionKey: z.string() }).strict(),
        reverseProxy: z.object({ trustedHTTPProxies: stringList }).strict(),
      })
      .strict(),
  })
  .strict();

export type CombinedConfig = z.infer<typeof configYaml>;

/** Parses config.yaml text with a maintained YAML parser: duplicate keys, tags and aliases refused. */
export function parseConfigYaml(text: string): CombinedConfig {
  const doc = parseDocument(text, { uniqueKeys: true, strict: true, prettyErrors: false });
  if (doc.errors.length) throw new AppError('INTERNAL', `Rendered config.yaml is not valid YAML: ${doc.errors[0].message}`);
  if (doc.warnings.length) throw new AppError('INTERNAL', `Rendered config.yaml has YAML warnings: ${doc.warnings[0].message}`);
  const parsed = configYaml.safeParse(doc.toJS({ maxAliasCount: 0 }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INTERNAL', `Rendered config.yaml does not match NetBird's schema at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The STUN and relay addresses the combined server hands to peers, derived from config.yaml the
 * way NetBird does (combined/cmd/config.go: parseExposedAddress, autoConfigureClientSettings):
 * the host of `exposedAddress` with each STUN port, and `rels://<host:port>` behind https.
 */
export function combinedClientAddresses(server: Pick<CombinedConfig['server'], 'exposedAddress' | 'stunPorts'>): { stuns: string[]; relays: string[] } {
  const https = !server.exposedAddress.startsWith('http://');
  const hostPort = server.exposedAddress.replace(/^https?:\/\//, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostPort);
  const host = bracketed ? bracketed[1] : hostPort.replace(/:\d+$/, '');
  const joined = (port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
  return { stuns: server.stunPorts.map((p) => `stun:${joined(p)}`), relays: [`${https ? 'rels' : 'rel'}://${hostPort}`] };
}

/** Checks that config.yaml parses back to exactly the tenant's values (never echoing the secrets). */
export function validateCombinedFiles(text: string, ctx: TemplateContext): void {
  const { server } = parseConfigYaml(text);
  const wrong: string[] = [];
  if (server.store.encryptionKey !== ctx.encryptionKey) wrong.push('store.encryptionKey');
  if (server.authSecret !== ctx.relaySecret) wrong.push('authSecret');
  if (server.auth.sessionCookieEncryptionKey !== ctx.sessionCookieKey) wrong.push('auth.sessionCookieEncryptionKey');
  if (server.exposedAddress !== ctx.exposedAddress) wrong.push('exposedAddress');
  if (server.auth.issuer !== ctx.issuer) wrong.push('auth.issuer');
  if (server.stunPorts.length !== 1 || server.stunPorts[0] !== ctx.relayPort) wrong.push('stunPorts');
  const announced = combinedClientAddresses(server);
  if (announced.stuns.join() !== ctx.stunUri) wrong.push('stunPorts (announced STUN)');
  if (announced.relays.join() !== ctx.relayAddress) wrong.push('exposedAddress (announced relay)');
  if (server.dataDir !== '/var/lib/netbird') wrong.push('dataDir');
  if (server.disableGeoliteUpdate !== ctx.disableGeolocation) wrong.push('disableGeoliteUpdate');
  if (JSON.stringify(server.auth.dashboardRedirectURIs) !== JSON.stringify([ctx.redirectUri, ctx.silentRedirectUri])) wrong.push('auth.dashboardRedirectURIs');
  if (JSON.stringify(server.reverseProxy.trustedHTTPProxies) !== JSON.stringify(ctx.trustedProxies)) wrong.push('reverseProxy.trustedHTTPProxies');
  if (wrong.length) throw new AppError('INTERNAL', `Rendered config.yaml does not carry the tenant's values: ${wrong.join(', ')}`);
}
