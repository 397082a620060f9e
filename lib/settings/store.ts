import 'server-only';
import { db } from '../db';
import { decryptSecret, encryptSecret } from '../crypto';
import { AppError, validationError } from '../errors';
import { SECRET_KEYS, SETTINGS, defaultSettings, type SettingKey, type Settings } from './schema';
import { settingsUpdateSchema } from './update-schema';
import { effectiveDataDir, effectiveDockerNetwork, effectiveForwardHost } from './effective';

/**
 * Typed system settings. Reads are cached in memory and dropped on every
 * write, so a change applies to the next operation without a restart.
 */
const globalForSettings = globalThis as unknown as { settingsCache?: Promise<Settings> };

async function load(): Promise<Settings> {
  const rows = await db().setting.findMany();
  const out = defaultSettings() as Record<string, unknown>;
  for (const row of rows) {
    const def = SETTINGS[row.key as SettingKey];
    if (!def) continue;
    let value: unknown = JSON.parse(row.value);
    if ((SECRET_KEYS as string[]).includes(row.key) && typeof value === 'string' && value !== '') {
      value = decryptSecret(value);
    }
    const parsed = def.schema.safeParse(value);
    if (parsed.success) out[row.key] = parsed.data;
  }
  return out as Settings;
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
  const update = parsed.data as Record<string, unknown>;
  const current = await getSettings();
  const merged = { ...current, ...update } as Settings;
  checkRanges(merged);
  return storeSettings(update, current);
}

/** Stores already-validated values (also used for internal keys like the logo). */
export async function storeSettings(update: Record<string, unknown>, current?: Settings): Promise<SettingKey[]> {
  const before = (current ?? (await getSettings())) as Record<string, unknown>;
  const changed: SettingKey[] = [];
  const writes = [];
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    changed.push(key as SettingKey);
    const isSecret = (SECRET_KEYS as string[]).includes(key);
    const stored = JSON.stringify(isSecret && typeof value === 'string' && value !== '' ? encryptSecret(value) : value);
    writes.push(db().setting.upsert({ where: { key }, create: { key, value: stored }, update: { value: stored } }));
  }
  if (writes.length) await db().$transaction(writes);
  invalidateSettings();
  return changed;
}

/** Settings as the API shows them: secrets replaced by `<key>_set: boolean`, internal keys omitted. */
export function publicSettings(s: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(SETTINGS)) {
    if ('internal' in def) continue;
    const value = s[key as SettingKey];
    if ('secret' in def) out[`${key}_set`] = typeof value === 'string' && value.length > 0;
    else out[key] = value;
  }
  out.effective_data_dir = effectiveDataDir(s);
  out.effective_docker_network = effectiveDockerNetwork(s);
  out.effective_forward_host = effectiveForwardHost(s);
  return out;
}
