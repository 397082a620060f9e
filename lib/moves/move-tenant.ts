import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { backupTenant } from '../backups/backup-tenant';
import { serviceContainer } from '../backups/container-files';
import { db } from '../db';
import { engineFor } from '../docker/engine';
import { startStack, stopStack } from '../docker/stack-containers';
import { engineMessage, engineStatus } from '../docker/client';
import { AppError, isAppError } from '../errors';
import { healthTimeoutMs } from '../health/health-timeout';
import { tenantBaseUrl, waitForHealthy } from '../health/stack-health';
import { ensureHostEngines } from '../hosts/host-engines';
import { toHostView } from '../hosts/host-view';
import { loadStackSpec } from '../netbird/load-stack-spec';
import { removeTenantStackOn } from '../netbird/remove-stack';
import { managementServiceOf } from '../netbird/stack-spec';
import { filesOn, purgeTenantDir } from '../netbird/tenant-files';
import { getSettings } from '../settings/store';
import { copyManagementData, managementDataDir, MOVE_MARKER } from './copy-data';
import { checkTarget, prepareTarget, reserveTargetPorts, targetSpec } from './move-target';
import { ensureProxyForTenant } from '../jobs/proxy-step';
import { readHostArchive } from '../docker/host-files';
import { captureBeforeMove, verifyMoved } from './verify-move';
import { assertDistinctEngines } from './engine-identity';
import { rollBack, type Moving } from './roll-back';

export const MOVE_JOB_STEPS = ['check', 'backup', 'prepare', 'cutover', 'copy', 'start', 'proxy', 'verify', 'record', 'cleanup', 'rollback'] as const;
export type MoveStep = (typeof MOVE_JOB_STEPS)[number];

/** The part of the job's step reporter a move uses (lib/jobs/step-reporter). */
export interface MoveSteps {
  step<T>(name: MoveStep, run: () => Promise<T>, done?: (result: T) => string | null | { skipped: string }): Promise<T>;
  report(name: MoveStep, state: 'skipped', message?: string | null): Promise<void>;
}

export interface MoveOptions {
  healthTimeoutMs?: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function assertStillMovable(m: Moving): Promise<{ from: string; to: string }> {
  const [d, host, from] = await Promise.all([
    db().deployment.findUnique({ where: { customerId: m.customer.id } }),
    db().host.findUnique({ where: { id: m.toHostId } }),
    db().host.findUnique({ where: { id: m.fromHostId } }),
  ]);
  if (d?.hostId !== m.fromHostId) throw new AppError('CONFLICT', `${m.customer.subdomain} no longer runs on the host this move started from.`);
  if (!host) throw new AppError('NOT_FOUND', 'The target host was removed.');
  const state = toHostView(host, 0).state;
  if (state !== 'ready') throw new AppError('HOST_NOT_READY', `Host "${host.name}" takes no tenants (${state}).`);
  return { from: from?.name ?? m.fromHostId, to: host.name };
}

/** Whether the target wrote its marker into the source's directory: both hosts then share one storage. */
async function sharesStorage(m: Moving, jobId: string): Promise<boolean> {
  const dataDir = managementDataDir(m.sourceSpec);
  if (!dataDir) return false;
  const marker = path.join(dataDir, MOVE_MARKER);
  const remote = filesOn(m.source, m.sourceSpec);
  if (!remote) return fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === jobId;
  const root = path.dirname(m.sourceSpec.tenantDir);
  const found = await readHostArchive(remote.engine, remote.image, root, path.relative(root, marker)).catch((err: unknown) => {
    if (engineStatus(err) === 404) return null;
    throw err;
  });
  return found !== null && found.includes(Buffer.from(jobId));
}

/**
 * After the move is recorded: the source's containers, network and files go, except a directory
 * the target uses as well (hosts sharing one storage). The snapshot taken before the move is the
 * way back.
 */
async function cleanUpSource(m: Moving, jobId: string): Promise<string> {
  await removeTenantStackOn(m.source, m.customer);
  if (await sharesStorage(m, jobId)) return 'Containers removed from the source; its directory is the one the target uses (shared storage) and is kept';
  await purgeTenantDir(m.sourceSpec, path.dirname(m.sourceSpec.tenantDir), filesOn(m.source, m.sourceSpec));
  return `Containers and files (${m.sourceSpec.tenantDir}) removed from the source`;
}

async function run(jobId: string, m: Moving, r: MoveSteps): Promise<void> {
  const customerId = m.customer.id;
  const deployment = await db().deployment.findUniqueOrThrow({ where: { customerId } });
  const untouched = (err: unknown): never => {
    throw new AppError(isAppError(err) ? err.code : 'INTERNAL', err instanceof Error ? err.message : String(err), { customer_untouched: true });
  };
  const ports = await r.step(
    'check',
    async () => {
      const names = await assertStillMovable(m);
      const images = await checkTarget(m.target, Object.values(m.sourceSpec.images));
      // Asked again at the start: the hosts' records may have changed since the request.
      await assertDistinctEngines({ engine: m.source, name: names.from }, { engine: m.target, name: names.to }, m.customer.subdomain);
      return { images, ...(await reserveTargetPorts(m.target, m.moveId, customerId, m.toHostId)) };
    },
    (p) => `${p.images}; TCP ${p.dashboardPort} and UDP ${p.relayPort} free on the target`,
  ).catch(untouched);
  const before = await captureBeforeMove(customerId, deployment.ownerPassword).catch(untouched);
  const backup = await r.step('backup', () => backupTenant(customerId, { kind: 'safety', trigger: 'move', jobId }), (o) => `Snapshot ${o.snapshotId} before the move`).catch(untouched);
  await db().tenantMove.update({ where: { id: m.moveId }, data: { snapshotId: backup.snapshotId } });
  try {
    const spec = await r.step('prepare', async () => {
      const s = await targetSpec(customerId, m.toHostId, ports, m.moveId);
      await prepareTarget(m.target, s, m.moveId);
      return s;
    }, (s) => `${s.containers.length} containers created on the target (TCP ${s.dashboardPort}, UDP ${s.relayPort}), not started`);
    await r.step('cutover', async () => {
      m.stoppedAt = Date.now();
      await stopStack(m.source, m.sourceSpec);
    }, () => 'Source stopped: the downtime starts');
    const service = managementServiceOf(spec.layout);
    await r.step('copy', async () => {
      const [from, to] = await Promise.all([serviceContainer(m.source, customerId, service), serviceContainer(m.target, customerId, service)]);
      return copyManagementData({ engine: m.source, containerId: from.id }, { engine: m.target, containerId: to.id }, jobId);
    }, (c) => `Management data copied engine to engine (${(c.bytes / 1024).toFixed(0)} KiB)`);
    await r.step('start', async () => {
      m.targetStarted = spec;
      await startStack(m.target, spec);
      return waitForHealthy(m.target, spec, m.healthTimeoutMs);
    }, (h) => `${h.services.filter((s) => s.healthy).length}/${h.services.length} services healthy on the target`);
    const settings = await getSettings();
    const downtimeMs = await r.step('proxy', async () => {
      m.proxySwitched = true;
      await ensureProxyForTenant(spec, settings);
      const ms = Date.now() - (m.stoppedAt ?? Date.now());
      await db().tenantMove.update({ where: { id: m.moveId }, data: { downtimeMs: ms } });
      return ms;
    }, (ms) => `Forward target switched; downtime ${seconds(ms)}`);
    await r.step('verify', () => verifyMoved(m.target, spec, before, tenantBaseUrl(spec)), (msg) => msg);
    await r.step('record', () =>
      db().$transaction(async (tx) => {
        // Removing a host is refused while a move touches it; this catches a removal that raced the check.
        if (!(await tx.host.findUnique({ where: { id: m.toHostId } }))) throw new AppError('NOT_FOUND', 'The target host was removed during the move.');
        await tx.deployment.update({ where: { customerId }, data: { hostId: m.toHostId, dashboardPort: spec.dashboardPort, relayPort: spec.relayPort, dataDir: path.dirname(spec.tenantDir), deployedAt: new Date() } });
      }),
      () => `Runs on the target now (downtime ${seconds(downtimeMs)})`,
    );
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const outcome = await r.step('rollback', () => rollBack(m), (msg) => msg);
    throw new AppError(isAppError(err) ? err.code : 'STACK_UNHEALTHY', `Move failed and was undone: ${reason}. ${outcome}`, { customer_untouched: true });
  }
  await r.step('cleanup', () => cleanUpSource(m, jobId).catch((err: unknown) => `Left on the source, remove by hand: ${engineMessage(err)}`), (msg) => msg);
  await r.report('rollback', 'skipped', 'Not needed');
}

/** What the move works with; a failure to gather it changes nothing, so the customer is left untouched. */
async function startMoving(move: { id: string; fromHostId: string; toHostId: string }, customer: Moving['customer'], opts: MoveOptions): Promise<Moving> {
  try {
    await ensureHostEngines();
    return {
      moveId: move.id,
      customer,
      fromHostId: move.fromHostId,
      toHostId: move.toHostId,
      source: engineFor(move.fromHostId),
      target: engineFor(move.toHostId),
      sourceSpec: await loadStackSpec(customer.id),
      healthTimeoutMs: opts.healthTimeoutMs ?? (await healthTimeoutMs()),
    };
  } catch (err) {
    throw new AppError(isAppError(err) ? err.code : 'INTERNAL', err instanceof Error ? err.message : String(err), { customer_untouched: true });
  }
}

/**
 * The `move` job: check → backup → prepare the target → stop the source (downtime starts) →
 * copy management's data engine to engine → start and health-check the target → switch NPM →
 * verify → record the new host and ports → remove the source. Until the record, the source is
 * intact; a failure in any step removes what was made on the target and starts the source
 * again. The downtime (source stopped → target serving through NPM) is stored on the move.
 */
export async function moveTenant(jobId: string, r: MoveSteps, opts: MoveOptions = {}): Promise<{ downtimeMs: number | null }> {
  const move = await db().tenantMove.findUnique({ where: { jobId } });
  if (!move) throw new AppError('NOT_FOUND', `Job ${jobId} has no move recorded.`);
  const customer = await db().customer.findUniqueOrThrow({ where: { id: move.customerId }, select: { id: true, subdomain: true } });
  await db().tenantMove.update({ where: { id: move.id }, data: { state: 'running' } });
  try {
    const m = await startMoving(move, customer, opts);
    await run(jobId, m, r);
    const done = await db().tenantMove.update({ where: { id: move.id }, data: { state: 'succeeded', finishedAt: new Date() } });
    return { downtimeMs: done.downtimeMs };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db().tenantMove.update({ where: { id: move.id }, data: { state: 'failed', error: message.slice(0, 2000), finishedAt: new Date() } });
    throw err;
  }
}
