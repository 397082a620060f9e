import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { parseImageSet, type ImageSet } from './image-set';
import type { PinInput } from './plan-schema';


export interface PinView {
  customer_id: string;
  images: ImageSet | null;
  note: string | null;
}

async function customerOf(customerId: string) {
  const customer = await db().customer.findUnique({ where: { id: customerId }, select: { id: true, subdomain: true } });
  if (!customer) throw new AppError('NOT_FOUND', 'Customer not found.');
  return customer;
}

/** Holds a tenant on these images: upgrade plans pass it by, and its redeploys use them. */
export async function pinTenant(actor: Actor, customerId: string, input: PinInput): Promise<PinView> {
  const customer = await customerOf(customerId);
  const images = JSON.stringify(input.images);
  await db().$transaction(async (tx) => {
    await tx.tenantPin.upsert({
      where: { customerId },
      create: { customerId, images, note: input.note ?? null, actor: actor.username },
      update: { images, note: input.note ?? null, actor: actor.username, planId: null },
    });
    await recordAudit(actor, { action: 'customer.pin', target: `customer:${customer.subdomain}`, details: { images: input.images } }, tx);
  });
  return { customer_id: customerId, images: input.images, note: input.note ?? null };
}

/** The tenant follows the fleet default again (from its next deploy or upgrade). */
export async function unpinTenant(actor: Actor, customerId: string): Promise<PinView> {
  const customer = await customerOf(customerId);
  await db().$transaction(async (tx) => {
    await tx.tenantPin.deleteMany({ where: { customerId } });
    await recordAudit(actor, { action: 'customer.unpin', target: `customer:${customer.subdomain}` }, tx);
  });
  return { customer_id: customerId, images: null, note: null };
}

export async function readPin(customerId: string): Promise<PinView> {
  await customerOf(customerId);
  const pin = await db().tenantPin.findUnique({ where: { customerId } });
  return { customer_id: customerId, images: parseImageSet(pin?.images), note: pin?.note ?? null };
}
