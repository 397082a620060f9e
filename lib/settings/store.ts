import 'server-only';
import { db } from '../db';
import { decryptSecret, encryptSecret } from '../crypto';
import { env } from '../env';
import { tenantListenAddresses } from '../netbird/listen-address';
import { AppError, validationError } from '../errors';
import { SETTINGS, defaultSettings, settingsSchema, isSecretSettingKey, isSettingKey, type SettingKey, type Settings } from './schema';
import { publicSettingsSchema, type PublicSettings } from './public-view';
import { settingsUpdateSchema } from './update-schema';
import { effectiveDataDir, effectiveDockerNetwork, effectiveForwardHost } from './effective';
import { globalSingleton } from '../global-singleton';

/**
 * Typed system settings. Reads are cached in memory and dropped on every
 * write, so a change applies to the next operation without a restart.
 */
const globalForSettings = globalSingleton<{ settingsCache?: Promise<Settings> }>('settingsCache', () => ({}));

async function load(): Promise<Settings> {
  const rows = await db().setting.findMany();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    if (!isSettingKey(row.key)) continue;
    let value: unknown = JSON.parse(row.value);
    if (isSecretSettingKey(row.key) && typeof value === 'string' && value !== '') {
      value = decryptSecret(value);
    }
    // A stored value the schema no longer accepts falls back to the default instead of failing every read.
    if (SETTINGS[row.key].schema.safeParse(value).success) stored[row.key] = value;
  }
  return settingsSchema.parse({ ...defaultSettings(), ...stored });
}

/** All settings with their decrypted secrets. Server-side only; never send to a client as is. */
export function getSettings(): Promise<Settings> {
  const g = globalForSettings;
  g.settingsCache ??= load().catch((err) => {
    g.settingsCache = undefined;
    throw err;
  });
  return g.settingsCache;
}

export function invalidateSettings(): void {
  globalForSettings.settingsCache = undefined;
}

/** Where a setting may be left empty, the environment's value applies (lib/settings/effective). */
export { effectiveDataDir, effectiveDockerNetwork, effectiveForwardHost };

export { settingsUpdateSchema, type SettingsUpdate } from './update-schema';

function checkRanges(merged: Settings): void {
  const issues: { path: string; message: string; code: string }[] = [];
  for (const kind of ['dashboard', 'relay'] as const) {
    const start = merged[`${kind}_port_start`];
    const end = merged[`${kind}_port_end`];
    if (start > end) issues.push({ path: `${kind}_port_end`, message: `must not be below ${kind}_port_start`, code: 'custom' });
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', `Invalid value for: ${issues.map((i) => i.path).join(', ')}`, { fields: issues });
}

/** Validates and stores a partial update. Returns the keys that changed (secrets included, by name only). */
export async function writeSettings(input: unknown): Promise<SettingKey[]> {
  const parsed = settingsUpdateSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const current = await getSettings();
  checkRanges({ ...current, ...parsed.data });
  return storeSettings(parsed.data, current);
}

/** Stores already-validated values (also used for internal keys like the logo). */
export async function storeSettings(update: Partial<Settings>, current?: Settings): Promise<SettingKey[]> {
  const before = current ?? (await getSettings());
  const changed: SettingKey[] = [];
  const writes = [];
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined || !isSettingKey(key)) continue;
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    changed.push(key);
    const isSecret = isSecretSettingKey(key);
    const stored = JSON.stringify(isSecret && typeof value === 'string' && value !== '' ? encryptSecret(value) : value);
    writes.push(db().setting.upsert({ where: { key }, create: { key, value: stored }, update: { value: stored } }));
  }
  if (writes.length) await db().$transaction(writes);
  invalidateSettings();
  return changed;
}

/** Settings as the API shows them: secrets replaced by `<key>_set: boolean`, internal keys omitted. */
export function publicSettings(s: Settings): PublicSettings {
  const listen = tenantListenAddresses(s, env().HOST_IP);
  // The view's schema keeps only the keys it names: secret values and internal keys are dropped here.
  return publicSettingsSchema.parse({
    ...s,
    npm_api_password_set: s.npm_api_password.length > 0,
    sso_client_secret_set: s.sso_client_secret.length > 0,
    effective_data_dir: effectiveDataDir(s),
    effective_docker_network: effectiveDockerNetwork(s),
    effective_forward_host: effectiveForwardHost(s),
    effective_listen_addresses: listen.addresses,
    effective_listen_every_interface: listen.everyInterface,
  });
}
