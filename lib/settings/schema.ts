import { z } from 'zod';
import { ROLES } from '../auth/permissions';
import { subnetPoolProblem } from '../docker/subnet-pool';

const imageRef = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9]+(?:[._\/-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/, 'must be a Docker image reference like netbirdio/management:0.77.1');
const port = z.coerce.number().int().min(1024).max(65535);
const hostName = z.string().trim().max(253).regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/, 'must be a host name or IP address');
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(200)
  .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^$/, 'must be a domain like msp.example.com');
// Where tenant networks get their /28 from; checked with the parser the allocator uses.
const subnetPool = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = subnetPoolProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL like http://npm:81');

// A proxy in front of the appliance whose X-Forwarded-For is believed: an address or a CIDR range.
// Pure (no node:net): the Settings form validates with this schema in the browser too.
function isIpOrRange(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined) return false;
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(address);
  let v6 = false;
  if (!v4 && address.includes(':') && /^[0-9a-fA-F:.]+$/.test(address)) {
    try {
      v6 = new URL(`http://[${address}]/`).hostname.length > 2;
    } catch {
      v6 = false;
    }
  }
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (v4 ? 32 : 128);
}
const trustedProxy = z.string().trim().max(50).refine(isIpOrRange, 'must be an IP address or a CIDR range like 172.18.0.0/16');

// A Microsoft Entra tenant: its id (a GUID) or a verified domain like contoso.onmicrosoft.com.
const ssoTenantId = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a tenant id (GUID) or a domain like contoso.onmicrosoft.com');
// A group id as the issuer puts it in the `groups` claim (Entra: the group's object id).
const ssoGroup = z.string().trim().min(1).max(200);

/** Bounds of health_timeout_seconds: NetBird's first start needs seconds, and a fleet migration job allows two waits in its 30 minutes. */
export const HEALTH_TIMEOUT_MIN_SECONDS = 15;
export const HEALTH_TIMEOUT_MAX_SECONDS = 600;

/** Every system setting: its type, default and whether it is a write-only secret. */
export const SETTINGS = {
  base_domain: { schema: domain, default: '' },
  admin_email: { schema: z.string().trim().max(254).email().or(z.literal('')), default: '' },
  npm_api_url: { schema: httpUrl, default: '' },
  npm_api_email: { schema: z.string().trim().max(254).email().or(z.literal('')), default: '' },
  npm_api_password: { schema: z.string().max(500), default: '', secret: true },
  ssl_mode: { schema: z.enum(['letsencrypt', 'wildcard', 'none']), default: 'letsencrypt' },
  wildcard_cert_id: { schema: z.coerce.number().int().min(0).nullable(), default: null },
  npm_forward_mode: { schema: z.enum(['host_port', 'container']), default: 'host_port' },
  npm_forward_host: { schema: hostName.or(z.literal('')), default: '' },
  netbird_management_image: { schema: imageRef, default: 'netbirdio/management:0.77.1' },
  netbird_signal_image: { schema: imageRef, default: 'netbirdio/signal:0.77.1' },
  netbird_relay_image: { schema: imageRef, default: 'netbirdio/relay:0.77.1' },
  netbird_dashboard_image: { schema: imageRef, default: 'netbirdio/dashboard:v2.90.9' },
  caddy_image: { schema: imageRef, default: 'caddy:2.10-alpine' },
  // NetBird's combined server (management, signal, relay, STUN; since v0.65). Its version decides a new tenant's layout.
  netbird_server_image: { schema: imageRef, default: 'netbirdio/netbird-server:0.77.1' },
  // GeoLite lookups in NetBird (posture checks by country). auto: on, except where the image cannot fetch its data.
  netbird_geolocation: { schema: z.enum(['auto', 'on', 'off']), default: 'auto' },
  dashboard_port_start: { schema: port, default: 9000 },
  dashboard_port_end: { schema: port, default: 9999 },
  relay_port_start: { schema: port, default: 3478 },
  relay_port_end: { schema: port, default: 4477 },
  data_dir: { schema: z.string().trim().max(500).regex(/^(\/[^\0\n]*)?$/, 'must be an absolute path').or(z.literal('')), default: '' },
  docker_network: { schema: z.string().trim().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$|^$/, 'must be a Docker network name'), default: '' },
  docker_subnet_pool: { schema: subnetPool, default: '10.213.0.0/16' },
  branding_name: { schema: z.string().trim().min(1).max(80), default: 'NetBird MSP Appliance' },
  branding_subtitle: { schema: z.string().trim().max(160), default: 'Multi-tenant NetBird management' },
  branding_logo: { schema: z.string().max(800_000).nullable(), default: null, internal: true },
  // The NPM address and login that last passed the connection test (the setup checklist).
  npm_tested: { schema: z.object({ url: z.string(), email: z.string(), at: z.string() }).nullable(), default: null, internal: true },
  // null: follow each browser's Accept-Language.
  default_language: { schema: z.enum(['en', 'de']).nullable(), default: null },
  container_memory_limit_mb: { schema: z.coerce.number().int().min(0).max(65536), default: 512 },
  netbird_setup_mode: { schema: z.enum(['appliance', 'customer']), default: 'appliance' },
  deploy_concurrency: { schema: z.coerce.number().int().min(1).max(20), default: 3 },
  // How long a deploy, start, restore, move, upgrade, rollback or layout migration waits for the stack to be healthy.
  health_timeout_seconds: { schema: z.coerce.number().int().min(HEALTH_TIMEOUT_MIN_SECONDS).max(HEALTH_TIMEOUT_MAX_SECONDS), default: 180 },
  // Single sign-on (OpenID Connect). Entra ID derives its issuer from the tenant id; `oidc` takes any issuer URL.
  sso_enabled: { schema: z.boolean(), default: false },
  sso_provider: { schema: z.enum(['entra', 'oidc']), default: 'entra' },
  sso_tenant_id: { schema: ssoTenantId, default: '' },
  sso_issuer_url: { schema: httpUrl, default: '' },
  sso_client_id: { schema: z.string().trim().max(255), default: '' },
  sso_client_secret: { schema: z.string().max(1000), default: '', secret: true },
  sso_allowed_groups: { schema: z.array(ssoGroup).max(100), default: [] },
  sso_default_role: { schema: z.enum(ROLES), default: 'viewer' },
  sso_group_roles: { schema: z.record(ssoGroup, z.enum(ROLES)).refine((m) => Object.keys(m).length <= 100, 'at most 100 groups'), default: {} },
  sso_button_label: { schema: z.string().trim().max(80), default: '' },
  // Security: proxies whose X-Forwarded-For is believed (none by default), and how long audit events are kept.
  trusted_proxies: { schema: z.array(trustedProxy).max(50), default: [] },
  audit_retention_days: { schema: z.coerce.number().int().min(1).max(3650), default: 365 },
  // Notifications: the address links in messages point to (else APP_URL) and when an event is raised.
  public_url: { schema: httpUrl, default: '' },
  alert_down_after_seconds: { schema: z.coerce.number().int().min(0).max(3600), default: 60 },
  alert_certificate_days: { schema: z.coerce.number().int().min(1).max(90), default: 14 },
  alert_memory_free_percent: { schema: z.coerce.number().int().min(1).max(99), default: 10 },
  alert_disk_free_percent: { schema: z.coerce.number().int().min(1).max(99), default: 10 },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: z.output<(typeof SETTINGS)[K]['schema']> };

type FlaggedKey<F extends 'secret' | 'internal'> = { [K in SettingKey]: (typeof SETTINGS)[K] extends Record<F, true> ? K : never }[SettingKey];
/** Write-only: stored encrypted, shown to clients only as `<key>_set`. */
export type SecretSettingKey = FlaggedKey<'secret'>;
/** Written by the appliance itself (logo upload, NPM test), never through the settings form or API. */
export type InternalSettingKey = FlaggedKey<'internal'>;

// Each mask names every key of its kind: a new secret or internal setting that is not added here fails to compile.
export const SECRET_MASK: Record<SecretSettingKey, true> = { npm_api_password: true, sso_client_secret: true };
export const INTERNAL_MASK: Record<InternalSettingKey, true> = { branding_logo: true, npm_tested: true };

// cast: Object.fromEntries types its result as a string-keyed record; the keys are exactly SETTINGS' own.
const settingsShape = Object.fromEntries(Object.entries(SETTINGS).map(([key, def]) => [key, def.schema])) as { [K in SettingKey]: (typeof SETTINGS)[K]['schema'] };
/** All settings as one object schema: the source of the update schema and the client's view. */
export const settingsSchema = z.object(settingsShape);

export const SECRET_KEYS: readonly SecretSettingKey[] = Object.keys(SECRET_MASK).filter(isSecretSettingKey);

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export function isSecretSettingKey(key: string): key is SecretSettingKey {
  return Object.hasOwn(SECRET_MASK, key);
}

export function defaultSettings(): Settings {
  return settingsSchema.parse(Object.fromEntries(Object.entries(SETTINGS).map(([key, def]) => [key, def.default])));
}
