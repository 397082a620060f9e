import { describe, expect, it } from 'vitest';
import { isRetired, isRetiredName, retiredName } from './labels';

describe('retired container names', () => {
  const at = new Date('2026-11-25T15:30:00Z');

  it('marks a name with the moment it was retired', () => {
    const name = retiredName('netbird-acme-caddy', at);
    expect(name).toBe(`netbird-acme-caddy-retired-${at.getTime() / 1000}`);
    expect(isRetiredName(name)).toBe(true);
    expect(isRetiredName(`/${name}`)).toBe(true);
  });

  it('never takes a live name for a retired one, whatever the subdomain', () => {
    for (const sub of ['acme', 'a-retired-b', 'x-retired', 'retired-1', 'x-retired-2']) {
      for (const service of ['management', 'signal', 'relay', 'dashboard', 'caddy']) {
        expect(isRetiredName(`netbird-${sub}-${service}`)).toBe(false);
      }
    }
  });

  it('judges a listed container by any of its names', () => {
    expect(isRetired({ Names: ['/netbird-acme-relay'] })).toBe(false);
    expect(isRetired({ Names: [`/${retiredName('netbird-acme-relay', at)}`] })).toBe(true);
    expect(isRetired({})).toBe(false);
  });
});
