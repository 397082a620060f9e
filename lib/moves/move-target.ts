import 'server-only';
import { db } from '../db';
import { assertDockerReachable, dockerCall } from '../docker/client';
import type { Engine } from '../docker/engine';
import { ensureImages } from '../docker/images';
import { customerFilter, LABEL_CUSTOMER, LABEL_SUBDOMAIN } from '../docker/labels';
import { listPublishedHostPorts } from '../docker/list-containers';
import { ensureNetwork } from '../docker/networks';
import { assertNamesFree, createStackContainers } from '../docker/stack-containers';
import { AppError } from '../errors';
import { loadStackSpec } from '../netbird/load-stack-spec';
import { lowestFreePort, portRanges } from '../netbird/ports';
import { removeTenantStackOn } from '../netbird/remove-stack';
import { renderTenantFiles } from '../netbird/render-files';
import type { TenantStackSpec } from '../netbird/stack-spec';
import { filesOn, writeTenantFiles } from '../netbird/tenant-files';
import { checkImage } from '../setup/image-availability';
import { hostById } from '../hosts/tenant-host';
import { effectiveDataDir, getSettings } from '../settings/store';

export interface TargetPorts {
  dashboardPort: number;
  relayPort: number;
}

/** Where a host keeps tenants' directories: its own root on another host, the data_dir setting on the appliance. */
export async function hostTenantRoot(hostId: string): Promise<string> {
  const host = await hostById(hostId);
  return host.tenantRoot ?? effectiveDataDir(await getSettings());
}

/**
 * Reservations run one at a time in this process: two moves onto the same host (a drain runs
 * several) must not pick the same free port. The database has no unique index on a move's
 * ports, so this queue is what keeps them apart; the deployment's own unique index catches a
 * new tenant deployed onto the host meanwhile when the move records its host.
 */
let reserving: Promise<unknown> = Promise.resolve();

async function pickPorts(engine: Engine, moveId: string, customerId: string, hostId: string): Promise<TargetPorts> {
  const { dashboard, relay } = await portRanges(hostId);
  const [published, tenants, moves] = await Promise.all([
    listPublishedHostPorts(engine, customerId),
    db().deployment.findMany({ where: { hostId }, select: { dashboardPort: true, relayPort: true } }),
    db().tenantMove.findMany({ where: { toHostId: hostId, state: { in: ['queued', 'running'] }, id: { not: moveId }, toDashboardPort: { not: null } } }),
  ]);
  const usedTcp = new Set([...published.tcp, ...tenants.map((t) => t.dashboardPort), ...moves.map((m) => m.toDashboardPort ?? 0)]);
  const usedUdp = new Set([...published.udp, ...tenants.map((t) => t.relayPort), ...moves.map((m) => m.toRelayPort ?? 0)]);
  const dashboardPort = lowestFreePort(dashboard, usedTcp);
  const relayPort = lowestFreePort(relay, usedUdp);
  if (dashboardPort === undefined || relayPort === undefined) {
    const kind = dashboardPort === undefined ? 'dashboard' : 'relay';
    const range = kind === 'dashboard' ? dashboard : relay;
    throw new AppError('PORT_RANGE_EXHAUSTED', `No free ${kind} port left on the target host (${range.start}-${range.end})`, { setting: `${kind}_port_start..${kind}_port_end` });
  }
  await db().tenantMove.update({ where: { id: moveId }, data: { toDashboardPort: dashboardPort, toRelayPort: relayPort } });
  return { dashboardPort, relayPort };
}

/** The target's own free TCP and UDP port, recorded on the move (not on the deployment until the move is verified). */
export function reserveTargetPorts(engine: Engine, moveId: string, customerId: string, hostId: string): Promise<TargetPorts> {
  const next = reserving.then(() => pickPorts(engine, moveId, customerId, hostId));
  reserving = next.catch(() => undefined);
  return next;
}

/** The tenant's stack as it will run on the target: same secrets, layout and images; the target's ports, address and tenant root. */
export async function targetSpec(customerId: string, hostId: string, ports: TargetPorts, moveId: string): Promise<TenantStackSpec> {
  const spec = await loadStackSpec(customerId, { deployment: { hostId, ...ports, dataDir: await hostTenantRoot(hostId) } });
  // Marked as made by this move: only such containers are ever removed from a target before a move.
  return { ...spec, containers: spec.containers.map((c) => ({ ...c, labels: { ...c.labels, [LABEL_MOVE]: moveId } })) };
}

/** Carried by containers a move created on its target (the move's id). */
export const LABEL_MOVE = 'netbird-msp.move';

/** Check: the target answers, has the images or can pull them, and has a port free in its ranges. */
export async function checkTarget(engine: Engine, images: string[]): Promise<string> {
  await assertDockerReachable(engine);
  const found = await Promise.all(images.map((image) => checkImage(engine, image)));
  const missing = found.filter((i) => !i.present && !i.pullable);
  if (missing.length) {
    throw new AppError('IMAGE_UNAVAILABLE', `The target host neither has nor can pull ${missing.map((i) => `${i.image} (${i.error ?? 'not found'})`).join(', ')}`);
  }
  const pulls = found.filter((i) => !i.present).length;
  return pulls ? `${found.length - pulls} images present, ${pulls} to pull` : `All ${found.length} images present`;
}

/**
 * Containers of the customer already on the target. Stopped ones (a cleanup that could not
 * finish) and those of an earlier move that failed (its rollback could not reach the host) are
 * removed. Any other running one is a live stack of the tenant, e.g. one a move brought here,
 * reached now through a second record of the same engine: the move stops and changes nothing.
 */
async function clearLeftovers(engine: Engine, spec: TenantStackSpec, moveId: string): Promise<void> {
  const found = await dockerCall(engine, `list containers of ${spec.subdomain}`, (d) => d.listContainers({ all: true, filters: customerFilter(spec.customerId) }));
  const madeBy = (c: (typeof found)[number]) => c.Labels?.[LABEL_MOVE] ?? '';
  const labelled = [...new Set(found.map(madeBy).filter(Boolean))];
  const failed = new Set((await db().tenantMove.findMany({ where: { id: { in: labelled }, state: 'failed' }, select: { id: true } })).map((m) => m.id));
  const live = found.filter((c) => c.State === 'running' && madeBy(c) !== moveId && !failed.has(madeBy(c)));
  if (live.length) {
    const names = live.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id).join(', ');
    throw new AppError('MOVE_SAME_ENGINE', `The target host already runs ${spec.subdomain}'s stack (${names}); nothing was changed. If both host records reach one machine, keep only one of them.`, { field: 'host_id' });
  }
  if (found.some((c) => madeBy(c) !== moveId)) await removeTenantStackOn(engine, { id: spec.customerId, subdomain: spec.subdomain });
}

/**
 * Prepare: networks, images, the rendered files and the containers on the target, created
 * but not started (their ports are bound only at start, so nothing answers there yet).
 */
export async function prepareTarget(engine: Engine, spec: TenantStackSpec, moveId: string): Promise<void> {
  const files = renderTenantFiles(spec.template);
  const labels = { [LABEL_CUSTOMER]: spec.customerId, [LABEL_SUBDOMAIN]: spec.subdomain };
  await clearLeftovers(engine, spec, moveId);
  await assertNamesFree(engine, spec);
  await Promise.all([ensureNetwork(engine, spec.network, labels, spec.subnetPool), ensureNetwork(engine, spec.proxyNetwork)]);
  await ensureImages(engine, Object.values(spec.images));
  await writeTenantFiles(spec, files, filesOn(engine, spec));
  await createStackContainers(engine, spec);
}
