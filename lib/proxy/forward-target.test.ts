import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings/schema';
import { resolveForwardTarget } from './forward-target';

describe('resolveForwardTarget', () => {
  const tenant = { subdomain: 'acme', dashboardPort: 9007 };

  it('host_port: the configured forward host and the published dashboard port', () => {
    expect(resolveForwardTarget({ ...defaultSettings(), npm_forward_mode: 'host_port', npm_forward_host: '192.0.2.10' }, tenant)).toEqual({ host: '192.0.2.10', port: 9007 });
  });

  it('host_port without a forward host falls back to HOST_IP', () => {
    const target = resolveForwardTarget({ ...defaultSettings(), npm_forward_mode: 'host_port', npm_forward_host: '' }, tenant);
    expect(target.host).toBe(process.env.HOST_IP ?? '127.0.0.1');
    expect(target.port).toBe(9007);
  });

  it('container: the tenant Caddy container on port 80', () => {
    expect(resolveForwardTarget({ ...defaultSettings(), npm_forward_mode: 'container' }, tenant)).toEqual({ host: 'netbird-acme-caddy', port: 80 });
  });
});
