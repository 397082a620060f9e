import { ROLES, type Role } from '@/lib/auth/permissions';
import type { PublicSettings } from '@/lib/settings/public-view';
import type { SettingsUpdate } from '@/lib/settings/update-schema';

/** The SSO form's text fields ⇄ the settings API's arrays and maps. Pure, so it is unit-tested. */
export interface SsoFormValues {
  sso_enabled: boolean;
  sso_provider: 'entra' | 'oidc';
  sso_tenant_id: string;
  sso_issuer_url: string;
  sso_client_id: string;
  sso_client_secret: string;
  sso_allowed_groups: string;
  sso_default_role: Role;
  sso_group_roles: string;
  sso_button_label: string;
}

export function linesToList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "group-id = role" per line. Lines that do not parse are returned so the form can name them. */
export function linesToRoleMap(text: string): { map: Record<string, Role>; invalid: string[] } {
  const map: Record<string, Role> = {};
  const invalid: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const match = /^(.+?)\s*[=:]\s*(\w+)$/.exec(line);
    const role = ROLES.find((r) => r === match?.[2].toLowerCase());
    if (match && role) map[match[1].trim()] = role;
    else invalid.push(line);
  }
  return { map, invalid };
}

export function roleMapToLines(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .map(([group, role]) => `${group} = ${role}`)
    .join('\n');
}

/** The settings view → the form; missing keys (a view still loading) take the defaults. */
export function toSsoFormValues(s: Partial<PublicSettings> | undefined): SsoFormValues {
  return {
    sso_enabled: s?.sso_enabled === true,
    sso_provider: s?.sso_provider ?? 'entra',
    sso_tenant_id: s?.sso_tenant_id ?? '',
    sso_issuer_url: s?.sso_issuer_url ?? '',
    sso_client_id: s?.sso_client_id ?? '',
    sso_client_secret: '',
    sso_allowed_groups: (s?.sso_allowed_groups ?? []).join('\n'),
    sso_default_role: s?.sso_default_role ?? 'viewer',
    sso_group_roles: roleMapToLines(s?.sso_group_roles),
    sso_button_label: s?.sso_button_label ?? '',
  };
}

/** The API input; an empty secret keeps the saved one. */
export function toSsoInput(v: SsoFormValues): SettingsUpdate {
  const input: SettingsUpdate = {
    sso_enabled: v.sso_enabled,
    sso_provider: v.sso_provider,
    sso_tenant_id: v.sso_tenant_id.trim(),
    sso_issuer_url: v.sso_issuer_url.trim(),
    sso_client_id: v.sso_client_id.trim(),
    sso_allowed_groups: linesToList(v.sso_allowed_groups),
    sso_default_role: v.sso_default_role,
    sso_group_roles: linesToRoleMap(v.sso_group_roles).map,
    sso_button_label: v.sso_button_label.trim(),
  };
  if (v.sso_client_secret !== '') input.sso_client_secret = v.sso_client_secret;
  return input;
}
