import { describe, expect, it } from 'vitest';
import { decryptSecret, deriveKey, encryptSecret, hmac, isEncrypted } from './crypto';

const KEY = 'unit-test-secret-key-9c1e4b7a2d5f8e3b6a0c9d2e';

describe('secrets at rest', () => {
  it('round-trips text, including unicode and empty strings', () => {
    for (const plain of ['s3cret', 'äöü ✓ 日本', '', 'x'.repeat(10_000)]) {
      const stored = encryptSecret(plain, KEY);
      expect(stored).not.toContain(plain || 'never-matches');
      expect(isEncrypted(stored)).toBe(true);
      expect(decryptSecret(stored, KEY)).toBe(plain);
    }
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same', KEY)).not.toBe(encryptSecret('same', KEY));
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const stored = encryptSecret('top secret', KEY);
    const [v, iv, tag, data] = stored.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const bad of [[v, iv, tag, flip(data)], [v, iv, flip(tag), data], [v, flip(iv), tag, data]]) {
      expect(() => decryptSecret(bad.join('.'), KEY)).toThrow(/tampered|SECRET_KEY/);
    }
  });

  it('refuses a different SECRET_KEY and unknown versions', () => {
    const stored = encryptSecret('x', KEY);
    expect(() => decryptSecret(stored, `${KEY}-other`)).toThrow();
    expect(() => decryptSecret(stored.replace(/^v1/, 'v9'), KEY)).toThrow(/Unsupported/);
  });

  it('derives separate keys for encryption and signing', () => {
    expect(deriveKey(KEY, 'encryption').equals(deriveKey(KEY, 'signing'))).toBe(false);
    expect(hmac('a', KEY)).not.toBe(hmac('a', `${KEY}-other`));
  });
});
