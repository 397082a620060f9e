import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { dockerCall, engineStatus } from '../docker/client';
import { engineFor, type Engine } from '../docker/engine';
import { AppError } from '../errors';
import { ensureHostEngines } from '../hosts/host-engines';
import { log } from '../log';

/** The part of `docker info` that names the engine: its ID stays the same across restarts and transports. */
const engineInfo = z.object({ ID: z.string().min(1), Name: z.string(), DockerRootDir: z.string() });
type EngineInfo = z.infer<typeof engineInfo>;
const IDENTITY_TIMEOUT_MS = 5_000;

async function infoOf(engine: Engine): Promise<EngineInfo> {
  return engineInfo.parse(await dockerCall(engine, 'docker info', (d) => d.info(), IDENTITY_TIMEOUT_MS));
}

/**
 * Whether two engines are one dockerd. Different IDs settle it; the same ID does not (engines
 * started from one image or configuration share it), so a container of the first is looked up
 * on the second: container IDs are random, only the same engine knows it. An engine without any
 * container is compared by host name and data root instead.
 */
async function oneEngine(a: Engine, b: Engine): Promise<string | null> {
  const [x, y] = await Promise.all([infoOf(a), infoOf(b)]);
  if (x.ID !== y.ID) return null;
  const [probe] = await dockerCall(a, 'list one container', (d) => d.listContainers({ all: true, limit: 1 }), IDENTITY_TIMEOUT_MS);
  if (!probe) return x.Name === y.Name && x.DockerRootDir === y.DockerRootDir ? x.ID : null;
  const seen = await dockerCall(b, `inspect ${probe.Id}`, (d) => d.getContainer(probe.Id).inspect(), IDENTITY_TIMEOUT_MS).then(
    () => true,
    (err: unknown) => {
      if (engineStatus(err) === 404) return false;
      throw err;
    },
  );
  return seen ? x.ID : null;
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
  const id = await oneEngine(from.engine, to.engine);
  if (id) throw sameEngine(from.name, to.name, id, subdomain);
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
  const id = await oneEngine(engineFor(from.id), engineFor(to.id)).catch((err: unknown) => {
    log.info('engine identity not known when the move was requested', { customerId, error: err instanceof Error ? err.message : String(err) });
    return null;
  });
  if (id) throw sameEngine(from.name, to.name, id, deployment.customer.subdomain);
}
