import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db';
import { AppError } from '../errors';
import { placementHosts } from '../hosts/place-customer';
import { chooseHost } from '../hosts/placement';
import { waitForJob } from '../jobs/runner';
import { log } from '../log';
import { requestMove } from './request-move';
import { DEFAULT_DRAIN_PARALLEL, type DrainHostInput, type DrainView } from './schemas';
import { loadDrainView } from './move-views';

interface Refused {
  customer_id: string;
  subdomain: string;
  error: string;
}

/**
 * Drains a host: it becomes `draining` (it takes no new tenants) and each of its tenants is
 * moved to another ready host chosen by placement, at most `parallel` moves at once. A move
 * that fails leaves its tenant on this host (the move job rolls back) and the drain goes on
 * with the others; it ends `done` when the host is empty, else `failed` naming what stayed.
 * Refused with 409 while a drain of the host runs, or when no other host takes tenants.
 */
export async function drainHost(actor: Actor, hostId: string, input: DrainHostInput): Promise<DrainView> {
  const parallel = input.parallel ?? DEFAULT_DRAIN_PARALLEL;
  const drain = await db().$transaction(async (tx) => {
    const host = await tx.host.findUnique({ where: { id: hostId } });
    if (!host) throw new AppError('NOT_FOUND', 'Host not found.');
    const running = await tx.hostDrain.findFirst({ where: { hostId, state: 'running' } });
    if (running) throw new AppError('CONFLICT', `Host "${host.name}" is being drained already.`, { drain_id: running.id });
    const total = await tx.deployment.count({ where: { hostId } });
    const others = await tx.host.findMany({ where: { id: { not: hostId }, state: 'ready', lastError: null } });
    if (total > 0 && others.length === 0) throw new AppError('HOST_NOT_READY', `No other host takes tenants: add a host or make one ready before draining "${host.name}".`);
    await tx.host.update({ where: { id: hostId }, data: { state: 'draining' } });
    const created = await tx.hostDrain.create({ data: { hostId, parallel, total, actor: actor.username } });
    await recordAudit(actor, { action: 'host.drain', target: `host:${host.name}`, details: { drain_id: created.id, tenants: total, parallel } }, tx);
    return created;
  });
  void runDrain(drain.id, hostId, parallel, actor).catch((err: unknown) => log.error('drain failed', { drainId: drain.id, error: String(err) }));
  return loadDrainView(drain.id);
}

/** Takes the next tenant on the host this drain has not tried yet (marked in the same tick, so two workers never take the same one). */
async function takeNextTenant(hostId: string, tried: Set<string>) {
  const rows = await db().deployment.findMany({ where: { hostId }, select: { customerId: true, customer: { select: { subdomain: true } } }, orderBy: { createdAt: 'asc' } });
  const next = rows.find((r) => !tried.has(r.customerId));
  if (next) tried.add(next.customerId);
  return next;
}

async function moveOne(drainId: string, customerId: string, subdomain: string, actor: Actor, refused: Refused[]): Promise<void> {
  try {
    const target = chooseHost(await placementHosts());
    const { job } = await requestMove(actor, customerId, { host_id: target }, { drainId });
    await waitForJob(job.id, 30 * 60_000);
  } catch (err) {
    refused.push({ customer_id: customerId, subdomain, error: err instanceof Error ? err.message : String(err) });
    await db().hostDrain.update({ where: { id: drainId }, data: { refused: JSON.stringify(refused) } });
  }
}

async function runDrain(drainId: string, hostId: string, parallel: number, actor: Actor): Promise<void> {
  const tried = new Set<string>();
  const refused: Refused[] = [];
  // `parallel` workers, each taking the next untried tenant until none is left.
  const worker = async () => {
    for (;;) {
      const next = await takeNextTenant(hostId, tried);
      if (!next) return;
      await moveOne(drainId, next.customerId, next.customer.subdomain, actor, refused);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const left = await db().deployment.count({ where: { hostId } });
  await db().hostDrain.update({ where: { id: drainId }, data: { state: left === 0 ? 'done' : 'failed', finishedAt: new Date() } });
  log.info('drain finished', { drainId, hostId, left });
}
