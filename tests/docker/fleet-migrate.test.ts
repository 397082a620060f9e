import { RUN_ID, TMP, prepareStackTest, removeTmp, standinImageSettings } from './harness';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { db } from '../../lib/db';
import { localEngine } from '../../lib/docker/engine';
import { listAllTenantContainers } from '../../lib/docker/list-containers';
import { createPlan, type DryRun } from '../../lib/fleet/create-plan';
import { planSchema } from '../../lib/fleet/plan-schema';
import { readPlan, type PlanView } from '../../lib/fleet/plan-view';
import { planLoopDone } from '../../lib/fleet/run-plan';
import { refreshSnapshot } from '../../lib/status/snapshot';
import { removeByCustomer } from './docker-helpers';
import { deployFleet, managementDataDir, readMarker } from './fleet-fixture';

/**
 * Bulk layout migration through the fleet waves, on the real engine with stand-ins: four
 * classic tenants, the third made to fail on the combined server. Selection by host and label
 * is checked on the same tenants (dry runs: nothing changes).
 */
const proxyNetwork = `netbird-msp-test-${RUN_ID}`;
const tenants: { id: string; sub: string }[] = [];
const LABEL = `ring-${RUN_ID}`;
const PLAN_TEST_MS = 600_000;
/** Stand-ins under a tag of this file's own: the failing tenant relies on the combined server stand-in built from this tree. */
const TAG = 'flmig';

async function waitForPlan(id: string, timeoutMs = 540_000): Promise<PlanView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const plan = await readPlan(id);
    if (['succeeded', 'stopped', 'aborted', 'paused'].includes(plan.state)) return plan;
    if (Date.now() > deadline) throw new Error(`plan ${id} still ${plan.state}: ${JSON.stringify(plan.counts)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function servicesOf(customerId: string): Promise<{ ids: string[]; running: string[] }> {
  const list = (await listAllTenantContainers(localEngine())).get(customerId) ?? [];
  return { ids: list.map((c) => c.id).sort(), running: list.filter((c) => c.state === 'running').map((c) => c.service).sort() };
}

const ours = () => tenants.map((t) => t.id);

beforeAll(async () => {
  await prepareStackTest(proxyNetwork, TAG);
  const { writeBackupSettings } = await import('../../lib/backups/backup-settings');
  await writeBackupSettings({ repository_type: 'local', local_path: path.join(TMP, 'repo') });
  await deployFleet(4, tenants, `fl-m${RUN_ID}`);
  await refreshSnapshot();
}, 600_000);

afterAll(async () => {
  const live = await db().upgradePlan.findMany({ where: { state: { in: ['running', 'paused'] } }, select: { id: true } });
  await db().upgradePlan.updateMany({ where: { id: { in: live.map((p) => p.id) } }, data: { state: 'aborted' } });
  for (const p of live) await planLoopDone(p.id, 300_000);
  await removeByCustomer(ours(), [...tenants.map((t) => `netbird-${t.sub}`), proxyNetwork]);
  // Only this file's tag; another run of this file at the same time would rebuild it.
  await new Promise((resolve) => execFile('docker', ['rmi', ...Object.values(standinImageSettings(TAG))], () => resolve(undefined)));
  removeTmp();
});

describe('selecting tenants by host and host label', () => {
  it('refuses an unknown host, a label no host carries, an empty list and a migration with images, naming the field', async () => {
    const refused = async (input: Record<string, unknown>) => createPlan(SYSTEM_ACTOR, planSchema.parse({ ...input, dry_run: true })).catch((e: unknown) => e);
    expect(await refused({ host_ids: ['no-such-host'] })).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'host_ids' }] } });
    expect(await refused({ host_labels: [`${LABEL}-none`] })).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'host_labels' }] } });
    expect(planSchema.safeParse({ customer_ids: [] }).error?.issues.map((i) => i.path.join('.'))).toEqual(['customer_ids']);
    expect(planSchema.safeParse({ kind: 'migrate', images: { management: 'a', signal: 'a', relay: 'a', dashboard: 'a', caddy: 'a' } }).error?.issues.map((i) => i.path.join('.'))).toEqual(['images']);
    expect(await db().upgradePlan.count()).toBe(0);
  });

  it('takes the tenants on a labelled host, and none when the label is on another host', async () => {
    await db().host.update({ where: { id: 'local' }, data: { labels: JSON.stringify([LABEL]) } });
    await db().host.create({ data: { id: `h${RUN_ID}`, name: `other-${RUN_ID}`, endpoint: 'tcp://10.250.0.2:2376', labels: JSON.stringify([`${LABEL}-b`]) } });
    try {
      const byLabel = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ kind: 'migrate', host_labels: [LABEL], subdomain_prefix: `fl-m${RUN_ID}`, canary: 1, wave_size: 2, dry_run: true }))) as DryRun;
      expect(byLabel.kind).toBe('migrate');
      expect(byLabel.waves.map((w) => w.tenants.map((t) => t.subdomain))).toEqual([[tenants[0].sub], [tenants[1].sub, tenants[2].sub], [tenants[3].sub]]);
      expect(byLabel.waves.flatMap((w) => w.tenants).every((t) => t.host_id === 'local')).toBe(true);
      const byHost = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ kind: 'migrate', host_ids: ['local'], subdomain_prefix: `fl-m${RUN_ID}`, dry_run: true }))) as DryRun;
      expect(byHost.waves.flatMap((w) => w.tenants.map((t) => t.subdomain)).sort()).toEqual(tenants.map((t) => t.sub).sort());
      const elsewhere = (await createPlan(SYSTEM_ACTOR, planSchema.parse({ kind: 'migrate', host_labels: [`${LABEL}-b`], dry_run: true }))) as DryRun;
      expect(elsewhere.waves).toEqual([]);
      // Not a dry run: the empty selection is refused naming the filter, and nothing is written.
      const empty = await createPlan(SYSTEM_ACTOR, planSchema.parse({ kind: 'migrate', host_labels: [`${LABEL}-b`] })).catch((e: unknown) => e);
      expect(empty).toMatchObject({ code: 'UPGRADE_PLAN_EMPTY', details: { fields: [{ path: 'host_labels' }] } });
      expect(await db().upgradePlan.count()).toBe(0);
    } finally {
      await db().host.delete({ where: { id: `h${RUN_ID}` } });
      await db().host.update({ where: { id: 'local' }, data: { labels: '[]' } });
    }
  });
});

describe('bulk layout migration through the waves', () => {
  it('moves tenants to the combined layout wave by wave; one that fails stays classic with its data and the plan stops at its budget', async () => {
    const [first, second, doomed, last] = tenants;
    fs.writeFileSync(path.join(managementDataDir(doomed.sub), 'standin-refuse-combined'), '');
    const before = new Map(await Promise.all(tenants.map(async (t) => [t.id, await servicesOf(t.id)] as const)));
    // parallel = wave size: both tenants of wave 1 start together, whatever the timing.
    const input = planSchema.parse({ kind: 'migrate', customer_ids: ours(), canary: 1, wave_size: 2, parallel: 2, soak_seconds: 0, failure_budget: 1 });
    const created = (await createPlan(SYSTEM_ACTOR, input)) as PlanView;
    expect(created.kind).toBe('migrate');
    // One plan at a time: a second one is refused while this one runs.
    await expect(createPlan(SYSTEM_ACTOR, input)).rejects.toMatchObject({ code: 'UPGRADE_PLAN_STATE' });
    const plan = await waitForPlan(created.id);

    expect(plan.state).toBe('stopped');
    expect(plan.state_reason).toMatch(/budget/i);
    const row = (id: string) => plan.waves.flatMap((w) => w.tenants).find((t) => t.customer_id === id);
    for (const t of [first, second]) {
      expect(row(t.id)?.state).toBe('succeeded');
      expect((await db().customer.findUniqueOrThrow({ where: { id: t.id } })).layout).toBe('combined');
      expect((await servicesOf(t.id)).running).toEqual(['caddy', 'dashboard', 'server']);
      expect(readMarker(t.sub)).toBe(`data of ${t.sub}\n`);
    }
    const failed = row(doomed.id);
    expect(failed?.state).toBe('rolled_back');
    expect(failed?.reason).toMatch(/Migration failed and was undone/);
    expect(failed?.rollback_ms).toBeGreaterThan(0);
    const customer = await db().customer.findUniqueOrThrow({ where: { id: doomed.id } });
    expect([customer.layout, customer.status]).toEqual(['classic', 'active']);
    expect((await servicesOf(doomed.id)).running).toEqual(['caddy', 'dashboard', 'management', 'relay', 'signal']);
    expect(readMarker(doomed.sub)).toBe(`data of ${doomed.sub}\n`);
    const job = await db().job.findUniqueOrThrow({ where: { id: failed?.job_id as string }, include: { steps: true } });
    expect(job.kind).toBe('migrate');
    expect(job.state).toBe('failed');
    expect(job.steps.find((s) => s.name === 'rollback')?.state).toBe('succeeded');
    // The wave after the budget was reached is untouched.
    expect(row(last.id)?.state).toBe('skipped');
    expect((await servicesOf(last.id)).ids).toEqual(before.get(last.id)?.ids);
    expect((await db().customer.findUniqueOrThrow({ where: { id: last.id } })).layout).toBe('classic');
    expect(await db().auditEvent.count({ where: { action: 'customer.migrate' } })).toBe(3);
  }, PLAN_TEST_MS);
});
