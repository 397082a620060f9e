import { migrateDatabase, removeTmp } from './harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Placement between two measurements of the hosts, on a real SQLite database: host facts are
 * refreshed only every few minutes, so the tenants placed or moved onto a host since must count
 * against its measured free memory, or a drain or a burst of new customers all go to one host.
 */
let db: typeof import('../../lib/db').db;
let place: typeof import('../../lib/hosts/place-customer');
const GiB = 1024 ** 3;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function facts(freeBytes: number, measuredAt: Date): string {
  return JSON.stringify({ engine_version: '20.10.24', api_version: '1.41', os: 'linux', architecture: 'x86_64', cpus: 2, memory_total_bytes: 8 * GiB, memory_free_bytes: freeBytes, disk_free_bytes: 50 * GiB, images: [], containers: 0, measured_at: measuredAt.toISOString() });
}

let moveNo = 0;
async function move(toHostId: string, state: string, finishedAt?: Date): Promise<void> {
  moveNo += 1;
  await db().tenantMove.create({ data: { jobId: `pl-job-${moveNo}`, customerId: `pl-c-${moveNo}`, fromHostId: 'local', toHostId, fromDashboardPort: 1, fromRelayPort: 1, state, finishedAt } });
}

async function placed(): Promise<Record<string, number | undefined>> {
  return Object.fromEntries((await place.placementHosts()).map((h) => [h.id, h.placed_since_facts]));
}

beforeAll(async () => {
  await migrateDatabase();
  ({ db } = await import('../../lib/db'));
  place = await import('../../lib/hosts/place-customer');
  const measured = minutesAgo(2);
  await db().host.create({ data: { id: 'pl-a', name: 'pl-a', endpoint: 'tcp://10.250.0.2:2376', publicAddress: '10.250.0.2', facts: facts(4 * GiB, measured), lastContactAt: measured } });
  await db().host.create({ data: { id: 'pl-b', name: 'pl-b', endpoint: 'tcp://10.250.0.3:2376', publicAddress: '10.250.0.3', facts: facts(3.5 * GiB, measured), lastContactAt: measured } });
});
afterAll(() => removeTmp());

describe('placement between two measurements', () => {
  it('goes to the host with the most free memory while nothing was placed since', async () => {
    expect(await placed()).toMatchObject({ 'pl-a': 0, 'pl-b': 0 });
    expect(await place.placeNewCustomer()).toBe('pl-a');
  });

  it('counts moves onto a host that are queued or running, and does not count failed ones or ones finished before the measurement', async () => {
    await move('pl-a', 'queued');
    await move('pl-a', 'running');
    await move('pl-a', 'failed', minutesAgo(1));
    await move('pl-a', 'succeeded', minutesAgo(5));
    expect(await placed()).toMatchObject({ 'pl-a': 2, 'pl-b': 0 });
    // 4 GiB less two tenants' estimate is still more than 3.5 GiB.
    expect(await place.placeNewCustomer()).toBe('pl-a');
    await move('pl-a', 'succeeded', minutesAgo(1));
    expect(await placed()).toMatchObject({ 'pl-a': 3, 'pl-b': 0 });
    // Three tenants' estimate (768 MiB) puts it below the other host: the next one goes there.
    expect(await place.placeNewCustomer()).toBe('pl-b');
  });

  it('counts customers created on a host since its measurement, and a host asked for by name is taken as asked', async () => {
    for (const i of [1, 2, 3]) await db().customer.create({ data: { name: `Placed ${i}`, subdomain: `pl-new-${i}`, email: 'it@example.com', maxDevices: 5, hostId: 'pl-b' } });
    expect(await placed()).toMatchObject({ 'pl-a': 3, 'pl-b': 3 });
    expect(await place.placeNewCustomer()).toBe('pl-a');
    expect(await place.placeNewCustomer('pl-b')).toBe('pl-b');
  });
});
