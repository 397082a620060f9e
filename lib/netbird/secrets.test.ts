import { describe, expect, it } from 'vitest';
import { generateEncryptionKey, generateRelaySecret, isValidEncryptionKey } from './secrets';
import { lowestFreePort } from './ports';

describe('secret formats', () => {
  it('encryption key: 32 bytes, standard base64 with padding', () => {
    const key = generateEncryptionKey();
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(isValidEncryptionKey(key)).toBe(true);
    expect(generateEncryptionKey()).not.toBe(key);
    expect(isValidEncryptionKey(key.slice(0, -1))).toBe(false);
    expect(isValidEncryptionKey(Buffer.alloc(16).toString('base64'))).toBe(false);
  });

  it('relay secret: 32 bytes, base64 without padding', () => {
    const secret = generateRelaySecret();
    expect(secret).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(Buffer.from(secret, 'base64')).toHaveLength(32);
  });
});

describe('lowestFreePort', () => {
  it('takes the lowest port not in use and reports exhaustion', () => {
    expect(lowestFreePort({ start: 9000, end: 9002 }, new Set([9000]))).toBe(9001);
    expect(lowestFreePort({ start: 9000, end: 9001 }, new Set([9000, 9001]))).toBeUndefined();
  });
});
