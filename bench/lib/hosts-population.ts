import Docker from 'dockerode';
import fs from 'node:fs';
import type { Appliance } from './appliance';
import { customerBody, setSetting } from './customers';
import { mapBounded } from './docker';
import type { TestHost } from '../../tests/helpers/test-host';

const LABEL_SUBDOMAIN = 'netbird-msp.subdomain';

export interface HostTenants {
  hostId: string;
  ids: string[];
  subdomains: string[];
}

interface ListPage {
  counts: Record<string, number>;
  items: { id: string; subdomain: string; status: string; status_reason: string | null }[];
}

/** The test host's engine through its own socket (the bench's floor and its clean-up, never the appliance's path). */
export function testHostDocker(th: TestHost): Docker {
  return new Docker({ socketPath: th.socket.replace(/^unix:\/\//, '') });
}

/** Adds the test host to the appliance over TLS, with its tenants' files under `tenantRoot` on that host. */
export async function addTestHost(app: Appliance, th: TestHost, tenantRoot: string): Promise<string> {
  const res = await app.admin.post<{ id: string }>('/api/hosts', {
    name: `bench-${app.runId}`,
    endpoint: th.tcp,
    tls_ca: th.ca,
    tls_cert: th.cert,
    tls_key: th.key,
    public_address: th.address,
    tenant_root: tenantRoot,
    dashboard_port_start: 24000,
    dashboard_port_end: 24899,
    relay_port_start: 25000,
    relay_port_end: 25899,
  });
  if (res.status !== 201) throw new Error(`adding the test host: ${res.status} ${JSON.stringify(res.body)}`);
  const tested = await app.admin.post<{ ok: boolean; error: string | null }>(`/api/hosts/${res.body.id}/test`);
  if (tested.status !== 200 || !tested.body.ok) throw new Error(`test host connection: ${tested.status} ${JSON.stringify(tested.body)}`);
  return res.body.id;
}

/**
 * `perHost` tenants on each given host (undefined = the appliance's own), created through the
 * API with `host_id`, `concurrency` deploys at a time; failed deploys are retried twice and
 * reported. Resolves when all are active.
 */
export async function deployOnHosts(app: Appliance, hosts: { key: string; hostId?: string }[], perHost: number, concurrency: number): Promise<{ byHost: Map<string, HostTenants>; wallMs: number; retried: string[] }> {
  await setSetting(app.admin, { deploy_concurrency: concurrency });
  const started = performance.now();
  const byHost = new Map<string, HostTenants>();
  const jobs = hosts.flatMap((h) => Array.from({ length: perHost }, (_, i) => ({ h, sub: app.subdomain(`${h.key}${i}`) })));
  await mapBounded(jobs, 10, async ({ h, sub }) => {
    app.signal.throwIfAborted();
    const res = await app.admin.post<{ customer: { id: string } }>('/api/customers', { ...customerBody(sub), ...(h.hostId ? { host_id: h.hostId } : {}) });
    if (res.status !== 201) throw new Error(`create ${sub}: ${res.status} ${JSON.stringify(res.body)}`);
    const entry = byHost.get(h.key) ?? { hostId: h.hostId ?? 'local', ids: [], subdomains: [] };
    entry.ids.push(res.body.customer.id);
    entry.subdomains.push(sub);
    byHost.set(h.key, entry);
  });
  const total = jobs.length;
  const retried: string[] = [];
  const attempts = new Map<string, number>();
  let shown = -1;
  for (;;) {
    app.signal.throwIfAborted();
    const failed = await app.admin.get<ListPage>('/api/customers?status=error&per_page=100');
    for (const c of failed.body.items) {
      const n = (attempts.get(c.id) ?? 0) + 1;
      if (n > 2) throw new Error(`deploy of ${c.subdomain} failed three times: ${c.status_reason}`);
      attempts.set(c.id, n);
      retried.push(`${c.subdomain}: ${c.status_reason}`);
      const res = await app.admin.post(`/api/customers/${c.id}/deploy`);
      if (res.status !== 202) throw new Error(`redeploy of ${c.subdomain} refused: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const active = (await app.admin.get<ListPage>('/api/customers?per_page=1')).body.counts.active ?? 0;
    if (active !== shown && active % 20 === 0) console.error(`deployed ${active}/${total} in ${Math.round((performance.now() - started) / 1000)} s`);
    shown = active;
    if (active >= total) break;
    if (performance.now() - started > 45 * 60_000) throw new Error(`only ${active}/${total} tenants active after 45 minutes`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { byHost, wallMs: performance.now() - started, retried };
}

/**
 * Checks with the appliance's own API that exactly `expected` customers are on `hostId` and
 * every one of them is `active` (a page of 100 at a time); throws naming the first that is not.
 */
export async function assertActiveOnHost(app: Appliance, hostId: string, expected: number): Promise<void> {
  const seen: ListPage['items'] = [];
  for (let page = 1; ; page++) {
    const res = await app.admin.get<ListPage & { pages: number }>(`/api/customers?host=${encodeURIComponent(hostId)}&per_page=100&page=${page}`);
    if (res.status !== 200) throw new Error(`listing the customers on ${hostId}: ${res.status} ${JSON.stringify(res.body)}`);
    seen.push(...res.body.items);
    if (page >= res.body.pages) break;
  }
  const notActive = seen.filter((c) => c.status !== 'active');
  if (seen.length !== expected || notActive.length) {
    const first = notActive[0];
    throw new Error(`host ${hostId}: ${seen.length} customers (expected ${expected}), ${notActive.length} not active${first ? ` (${first.subdomain}: ${first.status} ${first.status_reason ?? ''})` : ''}`);
  }
}

/** Removes what this run left on the test host: its containers, networks and tenant root. */
export async function cleanTestHost(th: TestHost, runId: string, tenantRoot: string): Promise<number> {
  const d = testHostDocker(th);
  const prefix = `bench-${runId}`;
  const containers = (await d.listContainers({ all: true, filters: { label: [LABEL_SUBDOMAIN] } })).filter((c) => (c.Labels?.[LABEL_SUBDOMAIN] ?? '').startsWith(prefix));
  await mapBounded(containers, 8, (c) =>
    d.getContainer(c.Id).remove({ force: true }).catch((err: { statusCode?: number; message?: string }) => {
      if (err.statusCode !== 404) console.error(`could not remove container ${c.Names[0]} on the test host: ${err.message}`);
    }),
  );
  for (const n of (await d.listNetworks()).filter((x) => x.Name.startsWith(`netbird-${prefix}`))) {
    await d.getNetwork(n.Id).remove().catch((err: Error) => console.error(`could not remove network ${n.Name} on the test host: ${err.message}`));
  }
  // The test host shares this machine's filesystem (only its network is separate).
  fs.rmSync(tenantRoot, { recursive: true, force: true });
  return containers.length;
}
