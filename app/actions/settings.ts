'use server';

import { requirePermission } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { runAction, type ActionResult } from '@/lib/api/action';
import type { PublicSettings } from '@/lib/settings/public-view';
import type { SettingsUpdate } from '@/lib/settings/update-schema';
import { updateSettings } from '@/lib/settings/update-settings';

/** Same core as PUT /api/settings: validates with settingsUpdateSchema (the type is the client's promise only), stores, audits. */
export async function saveSettingsAction(input: SettingsUpdate): Promise<ActionResult<PublicSettings>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'settings:write');
    return updateSettings(actor, input);
  });
}
