import { renderAdvancedConfig } from './advanced-config';
import type { NpmProxyHost } from './schemas';
import { tenantDomain } from '../tenants/names';

export interface TenantHostInput {
  subdomain: string;
  forwardHost: string;
  forwardPort: number;
}

/** The fields the appliance owns on a tenant's proxy host; anything else an operator set is left alone. */
export interface DesiredHost {
  domain_names: string[];
  forward_scheme: 'http';
  forward_host: string;
  forward_port: number;
  certificate_id: number;
  ssl_forced: boolean;
  http2_support: boolean;
  allow_websocket_upgrade: boolean;
  block_exploits: boolean;
  advanced_config: string;
}

/** One rule for the tenant's domain (lib/tenants/names), re-exported for the proxy's callers. */
export { tenantDomain };

/**
 * TLS flags only with a certificate: NPM forces them off otherwise, and
 * asking for them anyway would make every run see a difference.
 * HTTP/2 is required with TLS because gRPC clients refuse TLS without it.
 */
export function buildDesiredHost(input: TenantHostInput, domain: string, certificateId: number): DesiredHost {
  const tls = certificateId > 0;
  return {
    domain_names: [domain],
    forward_scheme: 'http',
    forward_host: input.forwardHost,
    forward_port: input.forwardPort,
    certificate_id: certificateId,
    ssl_forced: tls,
    http2_support: tls,
    allow_websocket_upgrade: true,
    block_exploits: true,
    advanced_config: renderAdvancedConfig(input.forwardHost, input.forwardPort),
  };
}

/** Fields of `desired` that differ from the host in NPM; empty when a write would change nothing. */
export function diffHost(existing: NpmProxyHost, desired: DesiredHost): Partial<DesiredHost> {
  const changes: Partial<DesiredHost> = {};
  const sameDomains =
    existing.domain_names.length === desired.domain_names.length &&
    existing.domain_names.every((d, i) => d.toLowerCase() === desired.domain_names[i]);
  if (!sameDomains) changes.domain_names = desired.domain_names;
  const keys = ['forward_scheme', 'forward_host', 'forward_port', 'certificate_id', 'ssl_forced', 'http2_support', 'allow_websocket_upgrade', 'block_exploits'] as const;
  for (const key of keys) {
    if (existing[key] !== desired[key]) Object.assign(changes, { [key]: desired[key] });
  }
  // NPM stores the text as given; compare without trailing whitespace differences.
  if (existing.advanced_config.trim() !== desired.advanced_config.trim()) changes.advanced_config = desired.advanced_config;
  return changes;
}
