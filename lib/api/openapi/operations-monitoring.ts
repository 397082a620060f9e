import { z } from 'zod';
import { customerUsageQuerySchema, usageHistoryQuerySchema } from '../../monitoring/schemas';
import { documentOperations } from './registry';

const age = 'Figures come from a background sample (host every 15 s, customers every 60 s); `sampled_at` and `age_seconds` say how old they are. A request never samples.';

documentOperations([
  {
    method: 'get',
    path: '/api/monitoring/host',
    tag: 'Monitoring',
    summary: 'Host CPU, memory, disks, load, Docker totals and tenant capacity',
    description: `${age}\n\n\`capacity.estimated_more\` is MemAvailable divided by the average memory of a running tenant (basis \`sampled\`), or by \`container_memory_limit_mb\` × 5 before any tenant was sampled (basis \`limit\`).`,
    access: 'monitoring:read',
    query: z.object({}),
    responseExample: {
      sampled_at: '2025-01-01T12:00:00.000Z', age_seconds: 4, interval_seconds: 15,
      host: { hostname: 'msp-1', cpus: 4, cpu_percent: 12.5, memory: { total_bytes: 8_000_000_000, available_bytes: 5_000_000_000, used_bytes: 3_000_000_000, used_percent: 37.5, swap_total_bytes: 0, swap_used_bytes: 0 }, load: { one: 0.4, five: 0.3, fifteen: 0.2 }, uptime_seconds: 86400, disks: [{ label: 'data', path: '/data/tenants', total_bytes: 100_000_000_000, free_bytes: 60_000_000_000, used_bytes: 40_000_000_000, used_percent: 40 }] },
      host_error: null,
      docker: { sampled_at: '2025-01-01T12:00:00.000Z', server_version: '26.1.5', containers: 52, running: 50, paused: 0, stopped: 2, images: 7, cpus: 4, memory_bytes: 8_000_000_000 },
      docker_error: null,
      capacity: { tenants_running: 10, estimated_more: 41, per_tenant_bytes: 120_000_000, basis: 'sampled' },
    },
  },
  {
    method: 'get',
    path: '/api/monitoring/customers',
    tag: 'Monitoring',
    summary: 'Per-customer CPU and memory (sum of its containers), sortable and paged',
    description: `${age}\n\nCustomers with nothing running have null figures and sort last. \`order\` defaults to desc for cpu/memory and asc for name.`,
    access: 'monitoring:read',
    query: customerUsageQuerySchema,
    responseExample: {
      sampled_at: '2025-01-01T12:00:00.000Z', age_seconds: 20, interval_seconds: 60, total: 1, page: 1, per_page: 50, sort: 'memory', order: 'desc', sampling: false, error: null,
      items: [{ id: 'cm5…', name: 'Acme Corp', subdomain: 'acme', status: 'active', cpu_percent: 1.3, memory_bytes: 104_857_600, memory_limit_bytes: 2_684_354_560, containers_running: 5, network_rx_bytes: 12_000, network_tx_bytes: 9_000 }],
    },
  },
  {
    method: 'get',
    path: '/api/monitoring/history',
    tag: 'Monitoring',
    summary: 'The last hour of host use, or of one customer (scope=customer&customer_id=…)',
    description: 'Points are oldest first; `t` is milliseconds since the epoch. A customer point is null where it had nothing running.',
    access: 'monitoring:read',
    query: usageHistoryQuerySchema,
    responseExample: { scope: 'host', interval_seconds: 15, points: [{ t: 1735732800000, cpu_percent: 12.5, memory_used_bytes: 3_000_000_000, memory_total_bytes: 8_000_000_000, load1: 0.4 }] },
  },
]);
