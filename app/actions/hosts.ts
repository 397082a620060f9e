'use server';

import { requirePermission } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { runAction, type ActionResult } from '@/lib/api/action';
import { createHost, removeHost, updateHost } from '@/lib/hosts/manage-hosts';
import { createHostInputSchema, updateHostInputSchema } from '@/lib/hosts/host-input';
import type { HostView } from '@/lib/hosts/schemas';
import { testHostConnection, type HostTestResult } from '@/lib/hosts/test-host-connection';

// Each action checks the permission itself: a protected page does not protect the action behind it.

export async function createHostAction(input: unknown): Promise<ActionResult<HostView>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'settings:write');
    return createHost(actor, createHostInputSchema.parse(input));
  });
}

export async function updateHostAction(id: string, input: unknown): Promise<ActionResult<HostView>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'settings:write');
    return updateHost(actor, String(id), updateHostInputSchema.parse(input));
  });
}

export async function removeHostAction(id: string): Promise<ActionResult<{ deleted: true }>> {
  return runAction(async () => {
    const actor = requirePermission(await currentActor(), 'settings:write');
    await removeHost(actor, String(id));
    return { deleted: true as const };
  });
}

export async function testHostAction(id: string): Promise<ActionResult<HostTestResult>> {
  return runAction(async () => {
    requirePermission(await currentActor(), 'settings:write');
    return testHostConnection(String(id));
  });
}
