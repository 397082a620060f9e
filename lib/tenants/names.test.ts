import { describe, expect, it } from 'vitest';
import { tenantContainerName, tenantDomain, tenantNetworkName } from './names';

describe('tenant names', () => {
  it('falls back to localhost without a base domain and lower-cases the domain', () => {
    expect(tenantDomain('acme', '')).toBe('acme.localhost');
    expect(tenantDomain('Acme', 'MSP.example.com')).toBe('acme.msp.example.com');
  });

  it('names containers and the network after the subdomain', () => {
    expect(tenantContainerName('acme', 'caddy')).toBe('netbird-acme-caddy');
    expect(tenantNetworkName('acme')).toBe('netbird-acme');
  });
});
