import { describe, expect, it } from 'vitest';
import { buildDesiredHost, diffHost, tenantDomain } from './host-spec';
import type { NpmProxyHost } from './schemas';

const input = { subdomain: 'acme', forwardHost: '10.0.0.2', forwardPort: 9001 };

function asInNpm(desired: ReturnType<typeof buildDesiredHost>): NpmProxyHost {
  return { id: 7, ...desired, meta: { nginx_online: true }, advanced_config: `${desired.advanced_config}\n` };
}

describe('host spec', () => {
  it('builds the domain from subdomain and base domain', () => {
    expect(tenantDomain('Acme', 'MSP.example.com')).toBe('acme.msp.example.com');
  });

  it('turns TLS flags on only with a certificate', () => {
    expect(buildDesiredHost(input, 'acme.x.test', 5)).toMatchObject({ certificate_id: 5, ssl_forced: true, http2_support: true, allow_websocket_upgrade: true, block_exploits: true });
    expect(buildDesiredHost(input, 'acme.x.test', 0)).toMatchObject({ certificate_id: 0, ssl_forced: false, http2_support: false, allow_websocket_upgrade: true });
  });

  it('finds no difference on a host that already matches (trailing whitespace ignored)', () => {
    const desired = buildDesiredHost(input, 'acme.x.test', 5);
    expect(diffHost(asInNpm(desired), desired)).toEqual({});
  });

  it('lists only the fields that differ', () => {
    const desired = buildDesiredHost(input, 'acme.x.test', 5);
    const existing = { ...asInNpm(desired), ssl_forced: false, http2_support: false, domain_names: ['ACME.x.test'] };
    expect(diffHost(existing, desired)).toEqual({ ssl_forced: true, http2_support: true });
    const moved = buildDesiredHost({ ...input, forwardPort: 9002 }, 'acme.x.test', 5);
    expect(Object.keys(diffHost(asInNpm(desired), moved)).sort()).toEqual(['advanced_config', 'forward_port']);
  });
});
