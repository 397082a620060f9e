import { DATA_ROOT, migrateDatabase, removeTmp, standinImageSettings } from './harness';
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
});
