import type { Settings } from '../../settings/schema';
import { getSettings } from '../../settings/store';
import type { Role } from '../permissions';

/** The NextAuth provider id: one id for Entra and generic OIDC, so the redirect URI never changes. */
export const SSO_PROVIDER_ID = 'sso';
export const SSO_CALLBACK_PATH = `/api/auth/callback/${SSO_PROVIDER_ID}`;

export interface SsoConfig {
  provider: 'entra' | 'oidc';
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowedGroups: string[];
  defaultRole: Role;
  groupRoles: Record<string, Role>;
  label: string;
}

/** Microsoft Entra ID's v2.0 issuer for one tenant (never `common`: that issuer cannot be validated). */
export function entraIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId.trim().toLowerCase())}/v2.0`;
}

export function wellKnownUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** What is still missing for SSO to work, as setting keys; empty when it can be used. */
export function missingSsoSettings(s: Settings): string[] {
  const missing: string[] = [];
  if (s.sso_provider === 'entra' && !s.sso_tenant_id) missing.push('sso_tenant_id');
  if (s.sso_provider === 'oidc' && !s.sso_issuer_url) missing.push('sso_issuer_url');
  if (!s.sso_client_id) missing.push('sso_client_id');
  if (!s.sso_client_secret) missing.push('sso_client_secret');
  return missing;
}

/** The SSO configuration in force, or null when it is off or incomplete (then only local sign-in shows). */
export function resolveSsoConfig(s: Settings): SsoConfig | null {
  if (!s.sso_enabled || missingSsoSettings(s).length) return null;
  return {
    provider: s.sso_provider,
    issuer: s.sso_provider === 'entra' ? entraIssuer(s.sso_tenant_id) : s.sso_issuer_url.replace(/\/+$/, ''),
    clientId: s.sso_client_id,
    clientSecret: s.sso_client_secret,
    allowedGroups: [...s.sso_allowed_groups],
    defaultRole: s.sso_default_role,
    groupRoles: { ...s.sso_group_roles },
    label: s.sso_button_label,
  };
}

export async function loadSsoConfig(): Promise<SsoConfig | null> {
  return resolveSsoConfig(await getSettings());
}

export interface SsoButton {
  enabled: boolean;
  provider: 'entra' | 'oidc' | null;
  /** The configured label; empty means the translated default ("Sign in with Microsoft"). */
  label: string;
  provider_id: string;
}

/** What the login page and anyone else may know about SSO: never the issuer, client or secret. */
export async function readSsoButton(): Promise<SsoButton> {
  const config = await loadSsoConfig();
  return { enabled: Boolean(config), provider: config?.provider ?? null, label: config?.label ?? '', provider_id: SSO_PROVIDER_ID };
}
