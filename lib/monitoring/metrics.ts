import 'server-only';
import { Gauge, type Registry } from 'prom-client';
import { db } from '../db';
import { STACK_SERVICES } from '../status/derive-status';
import { getSnapshot } from '../status/snapshot';
import { readCertificateExpiry } from './certificate-expiry';
import { recorders } from './metric-recorders';
import { readSamples } from './sampler';

/** Every tenant runs on the appliance's own engine today; remote hosts add their names here. */
const HOST = 'local';

async function tenantGauges(tenants: Gauge<'status' | 'host'>, running: Gauge<'tenant' | 'host'>, expected: Gauge<'tenant' | 'host'>, peers: Gauge<'tenant' | 'host'>): Promise<void> {
  // The container snapshot the reconciler keeps (at most 30 s old): never a Docker call per scrape.
  const [customers, snapshot] = await Promise.all([
    db().customer.findMany({ select: { id: true, subdomain: true, status: true, peersConnected: true, deployment: { select: { id: true } } } }),
    getSnapshot(30_000),
  ]);
  tenants.reset();
  running.reset();
  expected.reset();
  peers.reset();
  const byStatus = new Map<string, number>();
  for (const c of customers) {
    byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
    if (!c.deployment) continue;
    const labels = { tenant: c.subdomain, host: HOST };
    running.set(labels, (snapshot.byCustomer.get(c.id) ?? []).filter((x) => x.state === 'running').length);
    expected.set(labels, STACK_SERVICES.length);
    if (c.peersConnected !== null) peers.set(labels, c.peersConnected);
  }
  for (const status of ['pending', 'deploying', 'active', 'inactive', 'error', 'deleting']) tenants.set({ status, host: HOST }, byStatus.get(status) ?? 0);
}

async function backupGauges(age: Gauge<'tenant'>, ok: Gauge<'tenant'>): Promise<void> {
  const rows = await db().backup.findMany({
    where: { kind: 'tenant', state: { not: 'running' }, subdomain: { not: null } },
    orderBy: { startedAt: 'desc' },
    select: { subdomain: true, state: true, finishedAt: true },
    take: 5000,
  });
  age.reset();
  ok.reset();
  const seen = new Set<string>();
  const lastSuccess = new Map<string, Date>();
  for (const r of rows) {
    const tenant = r.subdomain as string;
    if (!seen.has(tenant)) {
      seen.add(tenant);
      ok.set({ tenant }, r.state === 'succeeded' ? 1 : 0);
    }
    if (r.state === 'succeeded' && r.finishedAt && !lastSuccess.has(tenant)) lastSuccess.set(tenant, r.finishedAt);
  }
  for (const [tenant, at] of lastSuccess) age.set({ tenant }, Math.round((Date.now() - at.getTime()) / 1000));
}

function hostGauges(memAvail: Gauge<'host'>, memTotal: Gauge<'host'>, diskFree: Gauge<'host' | 'disk'>, diskTotal: Gauge<'host' | 'disk'>): void {
  const host = readSamples().host;
  memAvail.reset();
  memTotal.reset();
  diskFree.reset();
  diskTotal.reset();
  if (!host) return;
  memAvail.set({ host: HOST }, host.figures.memory.availableBytes);
  memTotal.set({ host: HOST }, host.figures.memory.totalBytes);
  for (const d of host.figures.disks) {
    diskFree.set({ host: HOST, disk: d.label }, d.freeBytes);
    diskTotal.set({ host: HOST, disk: d.label }, d.usedBytes + d.freeBytes);
  }
}

/** The registry with the gauges read at scrape time from cached figures (database, snapshot, sampler). */
export function metricsRegistry(): Registry {
  const r = recorders();
  const g = globalThis as unknown as { metricGauges?: boolean };
  if (g.metricGauges) return r.registry;
  g.metricGauges = true;
  const registers = [r.registry];
  const running = new Gauge({ name: 'netbird_msp_tenant_containers_running', help: 'Running containers of a tenant', labelNames: ['tenant', 'host'], registers });
  const expected = new Gauge({ name: 'netbird_msp_tenant_containers_expected', help: 'Containers a tenant stack should run', labelNames: ['tenant', 'host'], registers });
  const peers = new Gauge({ name: 'netbird_msp_tenant_peers_connected', help: 'Connected NetBird peers per tenant (last check)', labelNames: ['tenant', 'host'], registers });
  new Gauge({
    name: 'netbird_msp_tenants',
    help: 'Tenants by status and host',
    labelNames: ['status', 'host'],
    registers,
    async collect() {
      await tenantGauges(this, running, expected, peers);
    },
  });
  const backupOk = new Gauge({ name: 'netbird_msp_backup_last_success', help: '1 when the last finished backup of a tenant succeeded', labelNames: ['tenant'], registers });
  new Gauge({
    name: 'netbird_msp_backup_age_seconds',
    help: 'Seconds since the last successful backup of a tenant',
    labelNames: ['tenant'],
    registers,
    async collect() {
      await backupGauges(this, backupOk);
    },
  });
  const memTotal = new Gauge({ name: 'netbird_msp_host_memory_total_bytes', help: 'Host memory', labelNames: ['host'], registers });
  const diskFree = new Gauge({ name: 'netbird_msp_host_disk_free_bytes', help: 'Free space on the data and database disks', labelNames: ['host', 'disk'], registers });
  const diskTotal = new Gauge({ name: 'netbird_msp_host_disk_total_bytes', help: 'Capacity of the data and database disks', labelNames: ['host', 'disk'], registers });
  new Gauge({
    name: 'netbird_msp_host_memory_available_bytes',
    help: 'Host memory available',
    labelNames: ['host'],
    registers,
    collect() {
      hostGauges(this, memTotal, diskFree, diskTotal);
    },
  });
  new Gauge({
    name: 'netbird_msp_certificate_days_left',
    help: 'Days until an NPM certificate expires (gathered in the background)',
    labelNames: ['certificate_id', 'domain'],
    registers,
    collect() {
      this.reset();
      for (const c of readCertificateExpiry().items) if (c.daysLeft !== null) this.set({ certificate_id: String(c.id), domain: c.domain }, c.daysLeft);
    },
  });
  return r.registry;
}

/** The exposition text for one scrape. */
export async function renderMetrics(): Promise<{ contentType: string; text: string }> {
  const registry = metricsRegistry();
  return { contentType: registry.contentType, text: await registry.metrics() };
}
