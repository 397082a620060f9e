/**
 * One stand-in tenant per layout on this engine: containers, host processes (containerd shims,
 * docker-proxy) and memory, and the per-host capacity each implies
 * (MemAvailable / (stack + host overhead)). Stand-in processes are tiny, so the memory figures
 * measure Docker's per-container cost more than NetBird's; the container and process counts are
 * what carries over to real images.
 *   npx tsx bench/layout-footprint.ts
 */
import { DATA_ROOT, RUN_ID, prepareStackTest, removeTmp } from '../tests/docker/harness';
import { allowServerModules } from './lib/server-modules';
import { measureTenant, memAvailable } from './lib/measure-footprint';
import { formatBytes, printTable } from './lib/report';

allowServerModules();

async function main(): Promise<void> {
  const proxyNetwork = `netbird-msp-bench-${RUN_ID}`;
  await prepareStackTest(proxyNetwork);
  const { storeSettings } = await import('../lib/settings/store');
  const { db } = await import('../lib/db');
  const { deployStack } = await import('../lib/netbird/deploy-stack');
  const { removeByCustomer } = await import('../tests/docker/docker-helpers');
  await storeSettings({ netbird_server_image: 'netbird-msp-standin/netbird-server:0.77.1' });
  const ids: string[] = [];
  const subs: string[] = [];
  try {
    const rows: string[][] = [];
    for (const layout of ['classic', 'combined'] as const) {
      const subdomain = `bench${layout.slice(0, 3)}${RUN_ID}`;
      const c = await db().customer.create({ data: { name: subdomain, subdomain, email: `o@${subdomain}.example`, maxDevices: 5, layout } });
      ids.push(c.id);
      subs.push(subdomain);
      const t0 = Date.now();
      await deployStack(c.id, { healthTimeoutMs: 120_000 });
      const deployMs = Date.now() - t0;
      // Let the containers settle before sampling.
      await new Promise((r) => setTimeout(r, 3_000));
      const f = await measureTenant(c.id);
      const pss = (l: { pss: number }[]) => l.reduce((a, p) => a + p.pss, 0);
      const total = f.stackBytes + pss(f.shims) + pss(f.proxies);
      const available = memAvailable();
      rows.push([
        layout,
        String(f.services.length),
        String(f.shims.length + f.proxies.length),
        formatBytes(f.stackBytes),
        formatBytes(total),
        `${Math.floor(available / total)}`,
        `${(deployMs / 1000).toFixed(1)} s`,
      ]);
    }
    printTable(`Per-tenant footprint by layout (stand-ins, ${DATA_ROOT})`, ['layout', 'containers', 'host processes (shims + docker-proxy)', 'stack memory', 'stack + host overhead (PSS)', 'more tenants in MemAvailable', 'deploy time'], rows);
  } finally {
    await removeByCustomer(ids, [...subs.map((s) => `netbird-${s}`), proxyNetwork]);
    removeTmp();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
