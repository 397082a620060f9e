import { describe, expect, it } from 'vitest';
import type { ContainerFigures } from '../docker/stats';
import { aggregateByCustomer, averageTenantMemory } from './aggregate';
import { estimateCapacity } from './capacity';
import { sortUsageRows, toUsageRow } from './customer-usage';

const MIB = 1024 * 1024;
const HOST = 8192 * MIB;

function figures(customerId: string, service: string, cpu: number, memMib: number, limitMib = 512): ContainerFigures {
  return { containerId: `${customerId}-${service}`, name: `netbird-${customerId}-${service}`, customerId, service, cpuPercent: cpu, memoryBytes: memMib * MIB, memoryLimitBytes: limitMib * MIB, networkRxBytes: 10, networkTxBytes: 5 };
}

describe('aggregateByCustomer', () => {
  it('sums each customer over its containers and keeps customers apart', () => {
    const services = ['caddy', 'management', 'signal', 'relay', 'dashboard'];
    const usage = aggregateByCustomer([...services.map((s, i) => figures('a', s, 0.11 * (i + 1), 10 * (i + 1))), figures('b', 'caddy', 2, 7)], HOST);
    expect(usage.a).toEqual({ cpuPercent: 1.65, memoryBytes: 150 * MIB, memoryLimitBytes: 5 * 512 * MIB, networkRxBytes: 50, networkTxBytes: 25, containers: 5 });
    expect(usage.b.memoryBytes).toBe(7 * MIB);
    expect(usage.b.containers).toBe(1);
  });

  it('reports no limit when any container runs unlimited (its limit is the host memory)', () => {
    const usage = aggregateByCustomer([figures('a', 'caddy', 0, 1), figures('a', 'relay', 0, 1, 8192)], HOST);
    expect(usage.a.memoryLimitBytes).toBeNull();
    expect(aggregateByCustomer([figures('a', 'caddy', 0, 1, 0)], HOST).a.memoryLimitBytes).toBeNull();
  });

  it('ignores containers without a customer label', () => {
    expect(aggregateByCustomer([figures('', 'caddy', 1, 1)])).toEqual({});
  });

  it('averages tenant memory, undefined with nothing running', () => {
    expect(averageTenantMemory(aggregateByCustomer([figures('a', 'x', 0, 100), figures('b', 'x', 0, 300)]))).toBe(200 * MIB);
    expect(averageTenantMemory({})).toBeUndefined();
  });
});

describe('estimateCapacity', () => {
  it('divides available memory by the measured average tenant', () => {
    expect(estimateCapacity({ availableBytes: 1000 * MIB, tenantsRunning: 3, sampledPerTenantBytes: 150 * MIB, containerMemoryLimitMb: 512 })).toEqual({ tenants_running: 3, estimated_more: 6, per_tenant_bytes: 150 * MIB, basis: 'sampled' });
  });

  it('uses the configured limit × 5 before any tenant was sampled', () => {
    const c = estimateCapacity({ availableBytes: 6000 * MIB, tenantsRunning: 0, containerMemoryLimitMb: 512 });
    expect(c).toMatchObject({ basis: 'limit', per_tenant_bytes: 2560 * MIB, estimated_more: 2 });
  });

  it('counts the containers of the layout new tenants get: combined is the limit × 3', () => {
    const c = estimateCapacity({ availableBytes: 6000 * MIB, tenantsRunning: 0, containerMemoryLimitMb: 512, containersPerTenant: 3 });
    expect(c).toMatchObject({ basis: 'limit', per_tenant_bytes: 1536 * MIB, estimated_more: 3 });
  });

  it('gives no estimate without a sample or a limit, never a division by zero', () => {
    expect(estimateCapacity({ availableBytes: 6000 * MIB, tenantsRunning: 0, sampledPerTenantBytes: 0, containerMemoryLimitMb: 0 })).toMatchObject({ basis: 'none', estimated_more: null, per_tenant_bytes: null });
  });
});

describe('sortUsageRows', () => {
  const usage = aggregateByCustomer([figures('a', 'x', 5, 100), figures('b', 'x', 1, 300), figures('c', 'x', 3, 200)]);
  const rows = [
    toUsageRow({ id: 'a', name: 'Alpha', subdomain: 'alpha', status: 'active' }, usage.a),
    toUsageRow({ id: 'b', name: 'Beta', subdomain: 'beta', status: 'active' }, usage.b),
    toUsageRow({ id: 'z', name: 'Aardvark', subdomain: 'aardvark', status: 'inactive' }, undefined),
    toUsageRow({ id: 'c', name: 'Gamma', subdomain: 'gamma', status: 'active' }, usage.c),
  ];
  const ids = (list: typeof rows) => list.map((r) => r.id);

  it('sorts by memory or cpu either way, customers without figures always last', () => {
    expect(ids(sortUsageRows(rows, 'memory', 'desc'))).toEqual(['b', 'c', 'a', 'z']);
    expect(ids(sortUsageRows(rows, 'memory', 'asc'))).toEqual(['a', 'c', 'b', 'z']);
    expect(ids(sortUsageRows(rows, 'cpu', 'desc'))).toEqual(['a', 'c', 'b', 'z']);
  });

  it('sorts by name and leaves the input untouched', () => {
    expect(ids(sortUsageRows(rows, 'name', 'asc'))).toEqual(['z', 'a', 'b', 'c']);
    expect(ids(rows)).toEqual(['a', 'b', 'z', 'c']);
  });
});
