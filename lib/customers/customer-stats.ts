import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import { getStackFigures } from '../docker/stats';
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
 * now (about a second, all containers at once). A stopped stack has none.
 */
export async function getCustomerStats(id: string): Promise<{ customer_id: string; containers: ContainerStatsView[] }> {
  if (!(await db().customer.count({ where: { id } }))) throw new AppError('NOT_FOUND', 'Customer not found.');
  const figures = await getStackFigures(await tenantEngine(id), id);
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
