import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../settings/schema';
import { settingsUpdateSchema } from '../../settings/store';
import { entraIssuer, missingSsoSettings, resolveSsoConfig, wellKnownUrl } from './config';
import { externalIdOf, identityFromClaims, usernameCandidate } from './identity';
import { groupsOf, isInAllowedGroups, mapSsoRole } from './map-role';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function settings(over: Partial<Settings>): Settings {
  return { ...defaultSettings(), ...over };
}

describe('SSO configuration', () => {
  it('derives the Microsoft v2.0 issuer from an Entra tenant id', () => {
    expect(entraIssuer(TENANT)).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0`);
    const config = resolveSsoConfig(settings({ sso_enabled: true, sso_provider: 'entra', sso_tenant_id: TENANT, sso_client_id: 'app', sso_client_secret: 's' }));
    expect(config?.issuer).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0`);
    expect(wellKnownUrl(config!.issuer)).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`);
  });

  it('uses the issuer URL as given for a generic OIDC issuer, without a trailing slash', () => {
    const config = resolveSsoConfig(settings({ sso_enabled: true, sso_provider: 'oidc', sso_issuer_url: 'https://id.example.com/realms/msp/', sso_client_id: 'app', sso_client_secret: 's' }));
    expect(config?.issuer).toBe('https://id.example.com/realms/msp');
    expect(config?.defaultRole).toBe('viewer');
  });

  it('is off while disabled or incomplete, and names what is missing', () => {
    expect(resolveSsoConfig(settings({ sso_enabled: false, sso_tenant_id: TENANT, sso_client_id: 'a', sso_client_secret: 's' }))).toBeNull();
    const incomplete = settings({ sso_enabled: true, sso_provider: 'entra' });
    expect(resolveSsoConfig(incomplete)).toBeNull();
    expect(missingSsoSettings(incomplete)).toEqual(['sso_tenant_id', 'sso_client_id', 'sso_client_secret']);
    expect(missingSsoSettings(settings({ sso_provider: 'oidc', sso_client_id: 'a', sso_client_secret: 's' }))).toEqual(['sso_issuer_url']);
  });

  it('validates the SSO settings at the API edge', () => {
    expect(settingsUpdateSchema.safeParse({ sso_tenant_id: TENANT.toUpperCase() }).data?.sso_tenant_id).toBe(TENANT);
    expect(settingsUpdateSchema.safeParse({ sso_tenant_id: 'contoso.onmicrosoft.com' }).success).toBe(true);
    const bad = settingsUpdateSchema.safeParse({ sso_tenant_id: '../evil', sso_provider: 'saml', sso_group_roles: { g: 'root' }, sso_issuer_url: 'ftp://x' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['sso_group_roles.g', 'sso_issuer_url', 'sso_provider', 'sso_tenant_id']);
  });
});

describe('SSO groups and roles', () => {
  it('reads the groups claim defensively', () => {
    expect(groupsOf({ groups: ['a', 2, 'b'] })).toEqual(['a', 'b']);
    expect(groupsOf({ groups: 'a' })).toEqual(['a']);
    expect(groupsOf({})).toEqual([]);
  });

  it('allows everyone when no groups are configured, else only members', () => {
    expect(isInAllowedGroups([], [])).toBe(true);
    expect(isInAllowedGroups(['x'], ['a', 'b'])).toBe(false);
    expect(isInAllowedGroups(['x', 'b'], ['a', 'b'])).toBe(true);
  });

  it('maps to the most powerful role of the user groups, else the default', () => {
    const mapping = { ops: 'operator', admins: 'admin', broken: 'root' };
    expect(mapSsoRole(['ops', 'admins'], mapping, 'viewer')).toBe('admin');
    expect(mapSsoRole(['ops'], mapping, 'viewer')).toBe('operator');
    expect(mapSsoRole(['broken', 'other'], mapping, 'viewer')).toBe('viewer');
    expect(mapSsoRole([], mapping, 'operator')).toBe('operator');
  });
});

describe('SSO identity', () => {
  it('keys the person by issuer and subject and falls back to the UPN for email', () => {
    const id = identityFromClaims({ iss: 'https://login.microsoftonline.com/t/v2.0', sub: 'abc', preferred_username: 'Jane@Contoso.com', name: 'Jane' }, 'fallback');
    expect(id).toMatchObject({ email: 'Jane@Contoso.com', name: 'Jane' });
    expect(externalIdOf(id!)).toBe('https://login.microsoftonline.com/t/v2.0#abc');
    expect(usernameCandidate(id!)).toBe('jane@contoso.com');
    expect(identityFromClaims({ name: 'no subject' }, 'x')).toBeNull();
  });

  it('makes a valid username out of anything', () => {
    const id = identityFromClaims({ sub: 'ü', preferred_username: '../Ünïcode Name' }, 'iss');
    expect(usernameCandidate(id!)).toMatch(/^[a-z0-9][a-z0-9._@-]{1,63}$/);
  });
});
