import { describe, expect, it, beforeAll } from 'vitest';

beforeAll(() => {
  process.env.SECRET_KEY = 'unit-test-secret-key-9c1e4b7a2d5f8e3b6a0c9d2e';
});

describe('access tokens', async () => {
  const { signAccessToken, verifyAccessToken } = await import('./access-token');
  const { sha256 } = await import('../crypto');

  it('verifies its own tokens and carries user and version', async () => {
    const claims = await verifyAccessToken(await signAccessToken('user-1', 3));
    expect(claims).toMatchObject({ sub: 'user-1', ver: 3, typ: 'access' });
  });

  it('rejects expired, altered and foreign tokens', async () => {
    const now = Date.now();
    const token = await signAccessToken('user-1', 0, 60, now);
    expect(await verifyAccessToken(token, now + 61_000)).toBeNull();
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'admin', ver: 0, iat: 0, exp: 9e9, typ: 'access' })).toString('base64url');
    expect(await verifyAccessToken(`${h}.${forged}.${s}`)).toBeNull();
    expect(await verifyAccessToken(`${h}.${p}.${s.slice(1)}x`)).toBeNull();
    expect(await verifyAccessToken('not-a-token')).toBeNull();
  });

  it('still refuses a token it verified before once that token has expired', async () => {
    const now = Date.now();
    const token = await signAccessToken('user-2', 1, 60, now);
    expect(await verifyAccessToken(token, now)).toMatchObject({ sub: 'user-2' });
    expect(await verifyAccessToken(token, now + 30_000)).toMatchObject({ sub: 'user-2' });
    expect(await verifyAccessToken(token, now + 61_000)).toBeNull();
    // A forged signature on the same claims is not the remembered token.
    const [h, p, s] = token.split('.');
    expect(await verifyAccessToken(`${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`, now)).toBeNull();
  });

  it('stores API tokens as a SHA-256 hash', () => {
    expect(sha256('nbmsp_abc')).toMatch(/^[a-f0-9]{64}$/);
    expect(sha256('nbmsp_abc')).not.toBe(sha256('nbmsp_abd'));
  });

  it('refuses a token that names no algorithm or another one', async () => {
    const [, p] = (await signAccessToken('user-1', 0)).split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await verifyAccessToken(`${none}.${p}.`)).toBeNull();
  });
});
