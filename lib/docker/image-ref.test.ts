import { describe, expect, it } from 'vitest';
import { registryOf } from './image-ref';

describe('registryOf', () => {
  it('names Docker Hub for short and namespaced references', () => {
    expect(registryOf('caddy:2.10-alpine')).toBe('docker.io');
    expect(registryOf('netbirdio/management:0.77.1')).toBe('docker.io');
  });
  it('names the host of a reference that starts with one', () => {
    expect(registryOf('ghcr.io/netbirdio/management:1')).toBe('ghcr.io');
    expect(registryOf('registry.local:5000/netbird/signal')).toBe('registry.local:5000');
    expect(registryOf('localhost/caddy:test')).toBe('localhost');
  });
  it('does not take a tag for a host', () => {
    expect(registryOf('netbird-msp-standin/management:test')).toBe('docker.io');
  });
});
