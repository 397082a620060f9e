import fs from 'node:fs';
import path from 'node:path';
import type { Appliance } from './appliance';
import { mapBounded } from './docker';
import { useServerEnv } from './server-env';

/**
 * Copies of a tenant the appliance deployed through its API, made in this process with the
 * appliance's own deploy functions against its database and engines (lib/netbird, lib/docker),
 * but without the job queue, the health wait and the owner setup:
 *   - a Customer row like the template's (layout, host; status `deploying` until its stack runs);
 *   - ports from the host's ranges (allocatePorts), the Deployment row holding them;
 *   - the template's secrets and owner/service-token columns, copied as stored (the same
 *     SECRET_KEY seals them), and a copy of its data directory, so each copy's NetBird store holds
 *     the same owner and token the appliance's background reads use;
 *   - its files rendered and written (loadStackSpec, renderTenantFiles, writeTenantFiles), its
 *     network from the subnet pool, its containers created and started (prepareSwap/completeSwap):
 *     the same images, labels, configuration and published ports as a deploy makes;
 *   - its NPM proxy host (ensureProxyForTenant), the deployment's images and time, status `active`.
 * The test host's files are written straight to disk: it shares this machine's filesystem (only
 * its network is its own), where a deploy writes them through a helper container on that engine.
 */
export interface CopyPlan {
  templateId: string;
  /** How many copies, named app.subdomain(`${key}${i}`) from `first` on. */
  count: number;
  key: string;
  first: number;
}

export interface CopyResult {
  ids: string[];
  subdomains: string[];
  /** Failed attempts of copies (three at most each) that were undone and made again, with why (e.g. a port another user of the engine took meanwhile). */
  retried: string[];
  /** Copies not started because the deadline had passed. */
  skipped: number;
  /** Copies given up after three failed attempts, with the last reason. */
  failed: string[];
}

/** Summed wall time of each phase over all copies (they overlap), to show where population time goes. */
export const copyPhaseMs = new Map<string, number>();

async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await run();
  } finally {
    copyPhaseMs.set(name, (copyPhaseMs.get(name) ?? 0) + performance.now() - t);
  }
}

/** Deployment columns a deploy and its owner step leave behind, copied from the template. */
const COPIED = [
  'encryptionKey', 'relaySecret', 'sessionCookieKey', 'ownerEmail', 'ownerPassword', 'ownerToken',
  'insightUserId', 'insightToken', 'insightTokenId', 'insightTokenExpiresAt', 'keepDnsDomain',
] as const;

export async function copyTenants(
  app: Appliance,
  plans: CopyPlan[],
  opts: { concurrency: number; deadline: number; onProgress: (done: number, total: number) => void },
): Promise<Map<string, CopyResult>> {
  useServerEnv(app);
  const { db } = await import('../../lib/db');
  const { ensureHostEngines } = await import('../../lib/hosts/host-engines');
  const { tenantEngine } = await import('../../lib/netbird/tenant-engine');
  const { allocatePorts } = await import('../../lib/netbird/ports');
  const { loadStackSpec } = await import('../../lib/netbird/load-stack-spec');
  const { renderTenantFiles } = await import('../../lib/netbird/render-files');
  const { writeTenantFiles } = await import('../../lib/netbird/tenant-files');
  const { ensureNetwork } = await import('../../lib/docker/networks');
  const { prepareSwap, completeSwap } = await import('../../lib/docker/swap-stack');
  const { deployedImages } = await import('../../lib/netbird/deploy-stack');
  const { ensureProxyForTenant } = await import('../../lib/jobs/proxy-step');
  const { getSettings } = await import('../../lib/settings/store');
  const { LABEL_CUSTOMER, LABEL_SUBDOMAIN } = await import('../../lib/docker/labels');
  const { removeTenantStackOn } = await import('../../lib/netbird/remove-stack');
  await ensureHostEngines();
  const settings = await getSettings();

  const templates = new Map(
    await Promise.all(
      plans.map(async (p) => {
        const t = await db().customer.findUniqueOrThrow({ where: { id: p.templateId }, include: { deployment: true } });
        if (!t.deployment?.dataDir || t.status !== 'active') throw new Error(`template ${t.subdomain} is not deployed and active (${t.status})`);
        return [p.templateId, { ...t, deployment: t.deployment, dataDir: t.deployment.dataDir }] as const;
      }),
    ),
  );
  // Both hosts' copies interleaved, so both engines work from the start.
  const perPlan = plans.map((p) => Array.from({ length: p.count }, (_, i) => ({ p, sub: app.subdomain(`${p.key}${p.first + i}`) })));
  const jobs = Array.from({ length: Math.max(0, ...plans.map((p) => p.count)) }, (_, i) => perPlan.flatMap((list) => list[i] ?? [])).flat();
  const out = new Map<string, CopyResult>(plans.map((p) => [p.key, { ids: [], subdomains: [], retried: [], skipped: 0, failed: [] }]));
  let done = 0;

  const copyOne = async (p: CopyPlan, sub: string): Promise<string> => {
    const t = templates.get(p.templateId);
    if (!t) throw new Error(`no template ${p.templateId}`);
    const c = await db().customer.create({
      data: { name: `Bench ${sub}`, subdomain: sub, email: `owner@${sub}.example.com`, maxDevices: t.maxDevices, status: 'deploying', desiredState: 'running', layout: t.layout, hostId: t.hostId },
    });
    const engine = await tenantEngine(c.id);
    try {
      await phase('ports', () => allocatePorts(engine, c.id));
      await db().deployment.update({ where: { customerId: c.id }, data: Object.fromEntries(COPIED.map((k) => [k, t.deployment[k]])) });
      const spec = await phase('spec', () => loadStackSpec(c.id));
      const files = renderTenantFiles(spec.template);
      const labels = { [LABEL_CUSTOMER]: c.id, [LABEL_SUBDOMAIN]: sub };
      await phase('network', () => Promise.all([ensureNetwork(engine, spec.network, labels, spec.subnetPool), ensureNetwork(engine, spec.proxyNetwork)]));
      await phase('files', async () => {
        await writeTenantFiles(spec, files);
        fs.cpSync(path.join(t.dataDir, t.subdomain, 'data'), path.join(spec.tenantDir, 'data'), { recursive: true });
      });
      app.signal.throwIfAborted();
      const swap = await phase('create', () => prepareSwap(engine, spec));
      await phase('start', () => completeSwap(engine, spec, swap));
      await db().deployment.update({ where: { customerId: c.id }, data: { ...deployedImages(spec), setupUrl: `${spec.publicUrl}/setup`, deployedAt: new Date() } });
      await phase('proxy', () => ensureProxyForTenant(spec, settings));
      await db().customer.update({ where: { id: c.id }, data: { status: 'active', statusReason: null } });
      return c.id;
    } catch (err) {
      // Undone whole (containers, network, rows; its NPM host is only made last), so a retry starts clean.
      await removeTenantStackOn(engine, { id: c.id, subdomain: sub }).catch((undo: Error) => console.error(`undoing copy ${sub}: ${undo.message}`));
      await db().customer.delete({ where: { id: c.id } });
      throw err;
    }
  };

  await mapBounded(jobs, opts.concurrency, async ({ p, sub }) => {
    app.signal.throwIfAborted();
    const r = out.get(p.key);
    if (!r) throw new Error(`no result list for ${p.key}`);
    if (Date.now() > opts.deadline) {
      r.skipped += 1;
      return;
    }
    let id: string | undefined;
    for (let attempt = 1; !id; attempt++) {
      try {
        id = await copyOne(p, sub);
      } catch (err) {
        app.signal.throwIfAborted();
        if (attempt === 3) {
          // Reported and left out (its rows and containers are undone): one copy must not end a timed run.
          r.failed.push(`${sub}: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        r.retried.push(`${sub}: ${err instanceof Error ? err.message : String(err)}`);
        console.error(`retrying copy ${sub}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    r.ids.push(id);
    r.subdomains.push(sub);
    opts.onProgress(++done, jobs.length);
  });
  return out;
}
