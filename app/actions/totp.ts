'use server';

import { requireActor } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/resolve-actor';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from '@/lib/auth/totp/manage-totp';
import { totpCodeSchema, type TotpConfirmation, type TotpEnrolment } from '@/lib/auth/totp/schemas';
import { runAction, type ActionResult } from '@/lib/api/action';

/** The profile page's second-factor actions: each resolves and checks the signed-in user itself. */
export async function startTotpEnrolmentAction(): Promise<ActionResult<TotpEnrolment>> {
  return runAction(async () => startTotpEnrolment(requireActor(await currentActor())));
}

export async function confirmTotpAction(input: { code: string }): Promise<ActionResult<TotpConfirmation>> {
  return runAction(async () => {
    const actor = requireActor(await currentActor());
    return confirmTotpEnrolment(actor, totpCodeSchema.parse(input).code);
  });
}

export async function disableTotpAction(input: { code: string }): Promise<ActionResult<{ enabled: false }>> {
  return runAction(async () => {
    const actor = requireActor(await currentActor());
    return disableTotp(actor, totpCodeSchema.parse(input).code);
  });
}
