import { DATA_ROOT, migrateDatabase, randomPortBlock, removeTmp, standinImageSettings } from './harness';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/actor';
import { ensureTestHost, type TestHost } from '../helpers/test-host';

/** Hosts against a real second engine (scripts/test-host.sh): TLS and SSH transports, key material, facts. */
let th: TestHost;
let hosts: typeof import('../../lib/hosts/manage-hosts');
let probe: typeof import('../../lib/hosts/test-host-connection');

beforeAll(async () => {
  void DATA_ROOT;
  [th] = await Promise.all([ensureTestHost(), migrateDatabase()]);
  const { storeSettings } = await import('../../lib/settings/store');
  await storeSettings(standinImageSettings());
  hosts = await import('../../lib/hosts/manage-hosts');
  probe = await import('../../lib/hosts/test-host-connection');
});
afterAll(() => removeTmp());

describe('hosts on a real second engine', () => {
  it('refuses a wrong key over SSH and a client certificate from another CA over TLS, recording why', async () => {
    // A key ssh2 cannot load is refused as input, before anything is stored.
    const pkcs8 = (await import('node:crypto')).generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(hosts.createHost(SYSTEM_ACTOR, { name: 'unusable', endpoint: th.ssh, ssh_private_key: pkcs8, public_address: th.address })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'ssh_private_key' }] },
    });
    expect((await hosts.listHosts()).map((h) => h.name)).toEqual(['local']);

    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-key-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(keyDir, 'k')]);
    const bad = await hosts.createHost(SYSTEM_ACTOR, { name: 'bad-ssh', endpoint: th.ssh, ssh_private_key: fs.readFileSync(path.join(keyDir, 'k'), 'utf8'), public_address: th.address });
    const res = await probe.testHostConnection(bad.id);
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(/refused the key|authentication/i);
    expect((await hosts.getHost(bad.id)).state).toBe('unreachable');

    const badTls = await hosts.createHost(SYSTEM_ACTOR, { name: 'bad-tls', endpoint: th.tcp, tls_ca: th.ca, tls_cert: th.ca, tls_key: th.key, public_address: th.address });
    expect((await probe.testHostConnection(badTls.id)).ok).toBe(false);
    await hosts.removeHost(SYSTEM_ACTOR, bad.id);
    await hosts.removeHost(SYSTEM_ACTOR, badTls.id);
  });

  it('reaches the engine over TLS and over SSH and reports version, platform, capacity and images', async () => {
    const tls = await hosts.createHost(SYSTEM_ACTOR, { name: 'th-tls', endpoint: th.tcp, tls_ca: th.ca, tls_cert: th.cert, tls_key: th.key, public_address: th.address });
    const ssh = await hosts.createHost(SYSTEM_ACTOR, { name: 'th-ssh', endpoint: th.ssh, ssh_private_key: th.sshKey, public_address: th.address });
    for (const h of [tls, ssh]) {
      const res = await probe.testHostConnection(h.id);
      expect(res.error).toBeNull();
      expect(res.facts?.engine_version).toMatch(/^\d+\.\d+/);
      expect(res.facts?.architecture).toBeTruthy();
      expect(res.facts?.memory_free_bytes).toBeGreaterThan(0);
      expect(res.facts?.images.every((i) => i.present)).toBe(true);
      const view = await hosts.getHost(h.id);
      expect(view.state).toBe('ready');
      expect(view.last_contact_at).not.toBeNull();
    }
    // Key material is stored sealed, never in clear text.
    const { db } = await import('../../lib/db');
    const row = await db().host.findUniqueOrThrow({ where: { id: ssh.id } });
    expect(row.sshKey).not.toContain('PRIVATE KEY');
  });

  it('allocates ports per host: the same numbers on two hosts, never twice on one', async () => {
    const { db } = await import('../../lib/db');
    const { storeSettings } = await import('../../lib/settings/store');
    const { allocatePorts } = await import('../../lib/netbird/ports');
    const { engineFor, localEngine } = await import('../../lib/docker/engine');
    const block = randomPortBlock();
    await storeSettings({ dashboard_port_start: block, dashboard_port_end: block + 9, relay_port_start: block + 10, relay_port_end: block + 19 });
    const remote = (await hosts.listHosts()).find((h) => h.name === 'th-tls');
    if (!remote) throw new Error('th-tls missing');
    const ids = ['c-remote-1', 'c-remote-2', 'c-local-1'];
    for (const id of ids) await db().customer.create({ data: { id, name: id, subdomain: id, email: 'a@example.com', maxDevices: 5 } });
    const r1 = await allocatePorts(engineFor(remote.id), 'c-remote-1');
    const r2 = await allocatePorts(engineFor(remote.id), 'c-remote-2');
    const l1 = await allocatePorts(localEngine(), 'c-local-1');
    // Nothing else publishes on the test host: its first tenant gets the first port of the range.
    expect(r1.dashboardPort).toBe(block);
    expect(r2.dashboardPort).toBe(block + 1);
    expect(r1.relayPort).not.toBe(r2.relayPort);
    const rows = await db().deployment.findMany({ where: { customerId: { in: ids } } });
    expect(Object.fromEntries(rows.map((r) => [r.customerId, r.hostId]))).toEqual({ 'c-remote-1': remote.id, 'c-remote-2': remote.id, 'c-local-1': 'local' });
    // The local tenant's numbers are chosen among the local host's ports only.
    expect(l1.dashboardPort).toBeGreaterThanOrEqual(block);
    expect((await hosts.getHost(remote.id)).tenants).toBe(2);
    await expect(hosts.removeHost(SYSTEM_ACTOR, remote.id)).rejects.toMatchObject({ code: 'HOST_IN_USE' });
  });
});
