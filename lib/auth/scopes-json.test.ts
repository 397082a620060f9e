import { describe, expect, it } from 'vitest';
import { parseScopes, scopesToJson } from './scopes-json';
import { parseRecoveryHashesJson, parseSealedTotp } from './totp/totp-json';

describe('JSON columns of the auth tables', () => {
  it('refuses scopes that are not an array of names, naming the column', () => {
    expect(() => parseScopes('{"customers:read":true}')).toThrow(/ApiToken\.scopes holds malformed data/);
    expect(() => parseScopes('customers:read')).toThrow(/ApiToken\.scopes is not valid JSON/);
  });

  it('drops a scope this version does not know: it grants nothing', () => {
    expect(parseScopes('["customers:read","customers:teleport"]')).toEqual(['customers:read']);
    expect(parseScopes(scopesToJson(['customers:read', 'audit:read']))).toEqual(['customers:read', 'audit:read']);
  });

  it('refuses a sealed second factor without its secret, and recovery hashes that are not strings', () => {
    expect(() => parseSealedTotp('{"l":3}')).toThrow(/User\.totpSecret holds malformed data: s /);
    expect(() => parseRecoveryHashesJson('[1,2]')).toThrow(/User\.recoveryCodes holds malformed data/);
    expect(parseSealedTotp('{"s":"JBSWY3DP","l":null}')).toEqual({ secret: 'JBSWY3DP', lastStep: null });
    expect(parseSealedTotp('{"s":"JBSWY3DP"}')).toEqual({ secret: 'JBSWY3DP', lastStep: null });
  });
});
