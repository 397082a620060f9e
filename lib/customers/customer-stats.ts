import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { LOCAL_ENGINE_ID } from '../docker/engine';
import { gatheredFigures, getStackFigures } from '../docker/stats';
import { tenantEngine } from '../netbird/tenant-engine';
import { getSnapshot } from '../status/snapshot';
import type { TenantContainer } from '../docker/list-containers';

export interface ContainerStatsView {
  service: string;
  cpu_percent: number;
  memory_bytes: number;
  memory_limit_bytes: number;
  rx_bytes: number;
  tx_bytes: number;
}

/**
 * The tenant's containers on its engine as the status snapshot lists them (kept current by the
 * engine's events), so a polled stats request makes no listing call of its own. Undefined when
 * the snapshot does not know the engine yet: then the stats read lists for themselves.
 */
async function knownContainers(engineId: string, customerId: string): Promise<TenantContainer[] | undefined> {
  const snapshot = await getSnapshot();
  const onEngine = snapshot.byEngine.get(engineId);
  return onEngine ? (onEngine.get(customerId) ?? []) : undefined;
}

/**
 * CPU, memory and network figures of a customer's running containers, sampled
 * now (about a second, all containers at once). A stopped stack has none. A tenant on another
 * host is served from the sampler's last background gather: a request never waits on a call per
 * container to a remote engine (or on a host that does not answer).
 */
export async function getCustomerStats(id: string): Promise<{ customer_id: string; containers: ContainerStatsView[] }> {
  if (!(await db().customer.count({ where: { id } }))) throw new AppError('NOT_FOUND', 'Customer not found.');
  const engine = await tenantEngine(id);
  const figures = engine.id === LOCAL_ENGINE_ID ? await getStackFigures(engine, id, await knownContainers(engine.id, id)) : (gatheredFigures(id) ?? []);
  return {
    customer_id: id,
    containers: figures
      .map((f) => ({
        service: f.service,
        cpu_percent: f.cpuPercent,
        memory_bytes: f.memoryBytes,
        memory_limit_bytes: f.memoryLimitBytes,
        rx_bytes: f.networkRxBytes,
        tx_bytes: f.networkTxBytes,
      }))
      .sort((a, b) => a.service.localeCompare(b.service)),
  };
}
