import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { dockerCall } from '../docker/client';
import { engineFor, type Engine } from '../docker/engine';
import { AppError } from '../errors';
import { ensureHostEngines } from '../hosts/host-engines';
import { log } from '../log';

/** The part of `docker info` that names the engine: its ID stays the same across restarts and transports. */
const engineInfo = z.object({ ID: z.string().min(1) });

export async function engineIdOf(engine: Engine, timeoutMs = 5_000): Promise<string> {
  return engineInfo.parse(await dockerCall(engine, 'docker info', (d) => d.info(), timeoutMs)).ID;
}

interface Side {
  engine: Engine;
  name: string;
}

function sameEngine(from: string, to: string, engineId: string, subdomain: string): AppError {
  return new AppError(
    'MOVE_SAME_ENGINE',
    `Hosts "${from}" and "${to}" reach the same Docker Engine (ID ${engineId}): moving ${subdomain} there would move it onto itself. Choose a host on another machine; if both records name one machine, keep only one of them.`,
    { field: 'host_id', engine_id: engineId },
  );
}

/**
 * Two host records can reach one Docker Engine (TLS and SSH to the same dockerd). A move between
 * them would prepare the "target" over the running source and copy it onto itself: refused.
 */
export async function assertDistinctEngines(from: Side, to: Side, subdomain: string): Promise<void> {
  const [a, b] = await Promise.all([engineIdOf(from.engine), engineIdOf(to.engine)]);
  if (a === b) throw sameEngine(from.name, to.name, a, subdomain);
}

/**
 * The same check when a move is requested, so the refusal is a 409 before any job exists. An
 * engine that does not answer now is not refused here: the move's check step asks both again
 * and fails the move, leaving the tenant untouched, if either does not answer.
 */
export async function refuseSameEngine(customerId: string, toHostId: string): Promise<void> {
  const [deployment, to] = await Promise.all([
    db().deployment.findUnique({ where: { customerId }, select: { hostId: true, customer: { select: { subdomain: true } } } }),
    db().host.findUnique({ where: { id: toHostId } }),
  ]);
  if (!deployment || !to || deployment.hostId === to.id) return;
  const from = await db().host.findUnique({ where: { id: deployment.hostId } });
  if (!from) return;
  await ensureHostEngines();
  const ids = await Promise.all([engineIdOf(engineFor(from.id)), engineIdOf(engineFor(to.id))]).catch((err: unknown) => {
    log.info('engine identity not known when the move was requested', { customerId, error: err instanceof Error ? err.message : String(err) });
    return null;
  });
  if (ids && ids[0] === ids[1]) throw sameEngine(from.name, to.name, ids[0], deployment.customer.subdomain);
}
