import 'server-only';
import { Gauge, type Registry } from 'prom-client';
import { db } from '../db';
import { STACK_SERVICES } from '../status/derive-status';
import { getSnapshot } from '../status/snapshot';
import { readCertificateExpiry } from './certificate-expiry';
import { recorders } from './metric-recorders';
import { readSamples } from './sampler';
import { globalSingleton } from '../global-singleton';

/** Every tenant runs on the appliance's own engine today; remote hosts add their names here. */
const HOST = 'local';

interface TenantRow {
  tenant: string;
  status: string;
  deployed: boolean;
  running: number;
  peers: number | null;
}

/**
 * One read shared by the gauges of a scrape: prom-client collects gauges side by side, so each
 * gauge fills itself from this shared answer instead of one gauge filling the others (which
 * would show the previous scrape's values).
 */
function shared<T>(load: () => Promise<T>, ttlMs = 1_000): () => Promise<T> {
  let at = 0;
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending || Date.now() - at > ttlMs) {
      at = Date.now();
      pending = load();
    }
    return pending;
  };
}

async function loadTenants(): Promise<TenantRow[]> {
  // The container snapshot the reconciler keeps (at most 30 s old): never a Docker call per scrape.
  const [customers, snapshot] = await Promise.all([
    db().customer.findMany({ select: { id: true, subdomain: true, status: true, peersConnected: true, deployment: { select: { id: true } } } }),
    getSnapshot(30_000),
  ]);
  return customers.map((c) => ({
    tenant: c.subdomain,
    status: c.status,
    deployed: Boolean(c.deployment),
    running: (snapshot.byCustomer.get(c.id) ?? []).filter((x) => x.state === 'running').length,
    peers: c.peersConnected,
  }));
}

async function loadBackups(): Promise<{ lastOk: Map<string, boolean>; lastSuccess: Map<string, Date> }> {
  const rows = await db().backup.findMany({
    where: { kind: 'tenant', state: { not: 'running' }, subdomain: { not: null } },
    orderBy: { startedAt: 'desc' },
    select: { subdomain: true, state: true, finishedAt: true },
    take: 5000,
  });
  const lastOk = new Map<string, boolean>();
  const lastSuccess = new Map<string, Date>();
  for (const r of rows) {
    const tenant = r.subdomain;
    if (tenant === null) continue;
    if (!lastOk.has(tenant)) lastOk.set(tenant, r.state === 'succeeded');
    if (r.state === 'succeeded' && r.finishedAt && !lastSuccess.has(tenant)) lastSuccess.set(tenant, r.finishedAt);
  }
  return { lastOk, lastSuccess };
}

type Fill<L extends string> = (gauge: Gauge<L>) => void | Promise<void>;

/** The registry with the gauges read at scrape time from cached figures (database, snapshot, sampler). */
export function metricsRegistry(): Registry {
  const r = recorders();
  const g = globalSingleton<{ metricGauges?: boolean }>('metricGauges', () => ({}));
  if (g.metricGauges) return r.registry;
  g.metricGauges = true;
  const tenants = shared(loadTenants);
  const backups = shared(loadBackups);
  const gauge = <L extends string>(name: string, help: string, labelNames: L[], fill: Fill<L>) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [r.registry],
      async collect() {
        this.reset();
        await fill(this);
      },
    });
  gauge('netbird_msp_tenants', 'Tenants by status and host', ['status', 'host'], async (m) => {
    const rows = await tenants();
    for (const status of ['pending', 'deploying', 'active', 'inactive', 'error', 'deleting']) m.set({ status, host: HOST }, rows.filter((t) => t.status === status).length);
  });
  gauge('netbird_msp_tenant_containers_running', 'Running containers of a tenant', ['tenant', 'host'], async (m) => {
    for (const t of await tenants()) if (t.deployed) m.set({ tenant: t.tenant, host: HOST }, t.running);
  });
  gauge('netbird_msp_tenant_containers_expected', 'Containers a tenant stack should run', ['tenant', 'host'], async (m) => {
    for (const t of await tenants()) if (t.deployed) m.set({ tenant: t.tenant, host: HOST }, STACK_SERVICES.length);
  });
  gauge('netbird_msp_tenant_peers_connected', 'Connected NetBird peers per tenant (last check)', ['tenant', 'host'], async (m) => {
    for (const t of await tenants()) if (t.deployed && t.peers !== null) m.set({ tenant: t.tenant, host: HOST }, t.peers);
  });
  gauge('netbird_msp_backup_last_success', '1 when the last finished backup of a tenant succeeded', ['tenant'], async (m) => {
    for (const [tenant, ok] of (await backups()).lastOk) m.set({ tenant }, ok ? 1 : 0);
  });
  gauge('netbird_msp_backup_age_seconds', 'Seconds since the last successful backup of a tenant', ['tenant'], async (m) => {
    for (const [tenant, at] of (await backups()).lastSuccess) m.set({ tenant }, Math.round((Date.now() - at.getTime()) / 1000));
  });
  const host = () => readSamples().host?.figures;
  gauge('netbird_msp_host_memory_available_bytes', 'Host memory available', ['host'], (m) => {
    const f = host();
    if (f) m.set({ host: HOST }, f.memory.availableBytes);
  });
  gauge('netbird_msp_host_memory_total_bytes', 'Host memory', ['host'], (m) => {
    const f = host();
    if (f) m.set({ host: HOST }, f.memory.totalBytes);
  });
  gauge('netbird_msp_host_disk_free_bytes', 'Free space on the data and database disks', ['host', 'disk'], (m) => {
    for (const d of host()?.disks ?? []) m.set({ host: HOST, disk: d.label }, d.freeBytes);
  });
  gauge('netbird_msp_host_disk_total_bytes', 'Capacity of the data and database disks', ['host', 'disk'], (m) => {
    for (const d of host()?.disks ?? []) m.set({ host: HOST, disk: d.label }, d.usedBytes + d.freeBytes);
  });
  gauge('netbird_msp_certificate_days_left', 'Days until an NPM certificate expires (gathered in the background)', ['certificate_id', 'domain'], (m) => {
    for (const c of readCertificateExpiry().items) if (c.daysLeft !== null) m.set({ certificate_id: String(c.id), domain: c.domain }, c.daysLeft);
  });
  return r.registry;
}

/** The exposition text for one scrape. */
export async function renderMetrics(): Promise<{ contentType: string; text: string }> {
  const registry = metricsRegistry();
  return { contentType: registry.contentType, text: await registry.metrics() };
}
