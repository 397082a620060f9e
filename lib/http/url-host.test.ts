import { describe, expect, it } from 'vitest';
import { urlHost } from './url-host';

describe('urlHost', () => {
  it('brackets an IPv6 address once and leaves names and IPv4 alone', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('[::1]')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
    expect(urlHost('docker-host')).toBe('docker-host');
  });
});
