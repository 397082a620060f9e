import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { getSettings, publicSettings, writeSettings } from './store';

/** Admin settings change: validate, store, audit (names of changed keys only — never values of secrets). */
export async function updateSettings(actor: Actor, input: unknown): Promise<Record<string, unknown>> {
  const changed = await writeSettings(input);
  if (changed.length) await recordAudit(actor, { action: 'settings.update', target: 'settings', details: { changed } });
  return publicSettings(await getSettings());
}

export async function readSettings(): Promise<Record<string, unknown>> {
  return publicSettings(await getSettings());
}
