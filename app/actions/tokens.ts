'use server';

import { requirePermission } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { runAction, type ActionResult } from '@/lib/api/action';
import { createApiToken, revokeApiToken } from '@/lib/auth/api-tokens';
import { createApiTokenSchema, type ApiTokenView } from '@/lib/auth/api-token-schema';

/** Same core as POST /api/tokens; the secret is in this one answer only. */
export async function createTokenAction(input: unknown): Promise<ActionResult<ApiTokenView & { token: string }>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'tokens:manage');
    return createApiToken(actor, createApiTokenSchema.parse(input));
  });
}

export async function revokeTokenAction(id: string): Promise<ActionResult<{ revoked: true }>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'tokens:manage');
    await revokeApiToken(actor, String(id));
    return { revoked: true as const };
  });
}
