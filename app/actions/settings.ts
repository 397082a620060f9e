'use server';

import { requirePermission } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { runAction, type ActionResult } from '@/lib/api/action';
import { updateSettings } from '@/lib/settings/update-settings';

/** Same core as PUT /api/settings: validates with settingsUpdateSchema, stores, audits. */
export async function saveSettingsAction(input: Record<string, unknown>): Promise<ActionResult<Record<string, unknown>>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'settings:write');
    return updateSettings(actor, input);
  });
}
