import { describe, expect, it } from 'vitest';
import { linesToList, linesToRoleMap, toSsoFormValues, toSsoInput } from './sso-values';

describe('SSO form values', () => {
  it('reads group lists one per line or comma-separated', () => {
    expect(linesToList(' a1 \n\nb2, c3 ')).toEqual(['a1', 'b2', 'c3']);
  });

  it('maps "group = role" lines and names the lines it cannot read', () => {
    const { map, invalid } = linesToRoleMap('g-admins = admin\ng-ops: Operator\nbroken line\ng-x = root');
    expect(map).toEqual({ 'g-admins': 'admin', 'g-ops': 'operator' });
    expect(invalid).toEqual(['broken line', 'g-x = root']);
  });

  it('round-trips settings and never sends an empty secret', () => {
    const values = toSsoFormValues({ sso_enabled: true, sso_provider: 'oidc', sso_allowed_groups: ['a'], sso_group_roles: { a: 'admin' }, sso_client_secret_set: true });
    expect(values.sso_client_secret).toBe('');
    const input = toSsoInput(values);
    expect(input).not.toHaveProperty('sso_client_secret');
    expect(input).toMatchObject({ sso_enabled: true, sso_provider: 'oidc', sso_allowed_groups: ['a'], sso_group_roles: { a: 'admin' } });
    expect(toSsoInput({ ...values, sso_client_secret: 's3cret' }).sso_client_secret).toBe('s3cret');
  });
});
