import { describe, expect, it } from 'vitest';
import { combinedFitsHost, imageVersion, layoutForNewTenant, supportsCombined } from './layout';

describe('layout of a new tenant from the server image', () => {
  it('reads versions from tags, with or without v, suffixes and registry ports', () => {
    expect(imageVersion('netbirdio/netbird-server:0.77.1')).toEqual([0, 77, 1]);
    expect(imageVersion('ghcr.io/netbirdio/netbird-server:v0.65.0')).toEqual([0, 65, 0]);
    expect(imageVersion('registry.local:5000/netbird-server:0.70.5-rootless')).toEqual([0, 70, 5]);
    expect(imageVersion('registry.local:5000/netbird-server')).toBeNull();
    expect(imageVersion('netbirdio/netbird-server:latest')).toBeNull();
    expect(imageVersion('netbirdio/netbird-server:test')).toBeNull();
  });

  it('gives combined from 0.65 on, classic below it and for unknown versions', () => {
    expect(supportsCombined('netbirdio/netbird-server:0.65.0')).toBe(true);
    expect(supportsCombined('netbirdio/netbird-server:1.0.0')).toBe(true);
    expect(supportsCombined('netbirdio/netbird-server:0.64.9')).toBe(false);
    expect(layoutForNewTenant('netbirdio/netbird-server:0.77.1')).toBe('combined');
    expect(layoutForNewTenant('netbirdio/netbird-server:0.64.3')).toBe('classic');
    expect(layoutForNewTenant('netbirdio/netbird-server:latest')).toBe('classic');
  });

  it('keeps tenants on a host with its own public address classic: only classic can announce STUN there', () => {
    expect(combinedFitsHost(null)).toBe(true);
    expect(combinedFitsHost('198.51.100.20')).toBe(false);
    expect(layoutForNewTenant('netbirdio/netbird-server:0.77.1', null)).toBe('combined');
    expect(layoutForNewTenant('netbirdio/netbird-server:0.77.1', '198.51.100.20')).toBe('classic');
  });
});
