import { describe, expect, it } from 'vitest';
import { resolveClientAddress } from './address';

// Issue 14, finding 3: the client address is the socket's; X-Forwarded-For only from trusted proxies.
describe('resolveClientAddress', () => {
  it('ignores X-Forwarded-For and X-Real-IP from a peer that is not a trusted proxy', () => {
    expect(resolveClientAddress('10.0.0.9', '1.2.3.4', '5.6.7.8', [])).toBe('10.0.0.9');
    expect(resolveClientAddress('10.0.0.9', '1.2.3.4', null, ['10.0.0.1'])).toBe('10.0.0.9');
  });

  it('takes the right-most untrusted entry behind trusted proxies', () => {
    expect(resolveClientAddress('10.0.0.1', 'forged, 203.0.113.7', null, ['10.0.0.1'])).toBe('203.0.113.7');
    expect(resolveClientAddress('10.0.0.1', 'forged, 203.0.113.7, 10.0.0.2', null, ['10.0.0.0/24'])).toBe('203.0.113.7');
  });

  it('stays with the proxy when every hop is trusted or the header is missing or garbage', () => {
    expect(resolveClientAddress('10.0.0.1', '10.0.0.2', null, ['10.0.0.0/24'])).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.1', null, null, ['10.0.0.1'])).toBe('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', 'not-an-ip', null, ['10.0.0.1'])).toBe('10.0.0.1');
  });

  it('normalises IPv4-mapped IPv6 peers and matches IPv6 ranges', () => {
    expect(resolveClientAddress('::ffff:127.0.0.1', '1.2.3.4', null, ['127.0.0.1'])).toBe('1.2.3.4');
    expect(resolveClientAddress('fd00::1', '2001:db8::5', null, ['fd00::/8'])).toBe('2001:db8::5');
  });

  it('an unknown peer stays unknown, whatever the headers claim', () => {
    expect(resolveClientAddress(null, '1.2.3.4', '1.2.3.4', [])).toBe('unknown');
  });
});
