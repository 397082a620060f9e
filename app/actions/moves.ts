'use server';

import { requirePermission } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { runAction, type ActionResult } from '@/lib/api/action';
import { drainHost } from '@/lib/moves/drain-host';
import { requestMove, type RequestedMove } from '@/lib/moves/request-move';
import { drainHostSchema, moveTenantSchema, type DrainView } from '@/lib/moves/schemas';

// The same permission as the REST routes: moving tenants between hosts is an admin's decision.

export async function moveCustomerAction(id: string, input: unknown): Promise<ActionResult<RequestedMove>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'settings:write');
    return requestMove(actor, String(id), moveTenantSchema.parse(input));
  });
}

export async function drainHostAction(id: string, input: unknown): Promise<ActionResult<DrainView>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'settings:write');
    return drainHost(actor, String(id), drainHostSchema.parse(input));
  });
}
