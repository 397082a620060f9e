import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { LOCAL_ENGINE_ID } from '../docker/engine';
import { gatheredFigures, getStackFigures } from '../docker/stats';
import { tenantEngine } from '../netbird/tenant-engine';

export interface ContainerStatsView {
  service: string;
  cpu_percent: number;
  memory_bytes: number;
  memory_limit_bytes: number;
  rx_bytes: number;
  tx_bytes: number;
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
  const figures = engine.id === LOCAL_ENGINE_ID ? await getStackFigures(engine, id) : (gatheredFigures(id) ?? []);
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
