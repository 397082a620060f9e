import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import type { PublicSettings } from './public-view';
import { getSettings, publicSettings, writeSettings } from './store';

/** Admin settings change: validate, store, audit (names of changed keys only — never values of secrets). */
export async function updateSettings(actor: Actor, input: unknown): Promise<PublicSettings> {
  const changed = await writeSettings(input);
  if (changed.length) await recordAudit(actor, { action: 'settings.update', target: 'settings', details: { changed } });
  return publicSettings(await getSettings());
}

export async function readSettings(): Promise<PublicSettings> {
  return publicSettings(await getSettings());
}
