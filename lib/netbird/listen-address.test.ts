import { describe, expect, it } from 'vitest';
import { containerCreateOptions } from '../docker/container-options';
import { tenantListenAddresses } from './listen-address';
import { buildStackSpec } from './stack-spec';
import { stackInput } from './test-fixtures';

// Issue 14: a tenant's plain-HTTP entry (Caddy's published port) must not listen on every interface.
describe('tenantListenAddresses', () => {
  it('container mode: NPM uses the Docker network, so only the appliance’s own address (HOST_IP) is published', () => {
    expect(tenantListenAddresses({ npm_forward_mode: 'container', npm_forward_host: '' }, '127.0.0.1')).toEqual({ addresses: ['127.0.0.1'], everyInterface: false });
  });

  it('host_port mode: HOST_IP and the address NPM forwards to', () => {
    expect(tenantListenAddresses({ npm_forward_mode: 'host_port', npm_forward_host: '10.0.0.5' }, '127.0.0.1')).toEqual({ addresses: ['127.0.0.1', '10.0.0.5'], everyInterface: false });
    expect(tenantListenAddresses({ npm_forward_mode: 'host_port', npm_forward_host: '' }, '192.168.1.10')).toEqual({ addresses: ['192.168.1.10'], everyInterface: false });
  });

  it('a host name cannot be bound: every interface, and the result says so', () => {
    expect(tenantListenAddresses({ npm_forward_mode: 'host_port', npm_forward_host: 'docker-host.lan' }, '127.0.0.1')).toEqual({ addresses: [''], everyInterface: true });
  });
});

describe('Caddy’s published port', () => {
  it('binds to the listen addresses, never to every interface by default', () => {
    const spec = buildStackSpec(stackInput());
    const caddy = spec.containers.find((c) => c.service === 'caddy');
    const bindings = containerCreateOptions(caddy!).HostConfig?.PortBindings as Record<string, { HostIp: string; HostPort: string }[]>;
    expect(bindings['80/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: '9001' }]);
  });

  it('binds one entry per address', () => {
    const spec = buildStackSpec(stackInput({ listenAddresses: ['127.0.0.1', '10.0.0.5'] }));
    const caddy = spec.containers.find((c) => c.service === 'caddy');
    const bindings = containerCreateOptions(caddy!).HostConfig?.PortBindings as Record<string, { HostIp: string; HostPort: string }[]>;
    expect(bindings['80/tcp']).toEqual([
      { HostIp: '127.0.0.1', HostPort: '9001' },
      { HostIp: '10.0.0.5', HostPort: '9001' },
    ]);
  });
});
