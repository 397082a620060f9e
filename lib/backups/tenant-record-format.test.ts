import { describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { ARCHIVE_FORMAT, packTenant, unpackTenant, type TenantRecord } from './tenant-archive';

const base = {
  customer: { id: 'c1', name: 'Acme', subdomain: 'acme', email: 'a@acme.example', maxDevices: 5, notes: null },
  deployment: { dashboardPort: 9001, relayPort: 3479, encryptionKey: 'k'.repeat(43) + '=', relaySecret: 'r', ownerEmail: null, ownerPassword: null, ownerToken: null, setupUrl: null },
};

function emptyData() {
  const pack = tar.pack();
  pack.entry({ name: 'netbird/', type: 'directory' });
  pack.finalize();
  return pack;
}

async function roundTrip(record: TenantRecord) {
  return (await unpackTenant(packTenant(record, {}, emptyData()).stream, {})).record;
}

describe('tenant record formats', () => {
  it('writes format 2 with the layout, session cookie key and image pin, and reads them back', async () => {
    expect(ARCHIVE_FORMAT).toBe(2);
    const read = await roundTrip({
      format: ARCHIVE_FORMAT,
      ...base,
      deployment: { ...base.deployment, sessionCookieKey: 'cookie-key', keepDnsDomain: 'netbird.selfhosted', images: { server: 'netbirdio/netbird-server:0.77.1' } },
      layout: 'combined',
      pin: { server: 'netbirdio/netbird-server:0.77.1' },
    });
    expect(read).toMatchObject({ layout: 'combined', pin: { server: 'netbirdio/netbird-server:0.77.1' } });
    expect(read.deployment).toMatchObject({ sessionCookieKey: 'cookie-key', keepDnsDomain: 'netbird.selfhosted' });
  });

  it('still reads format 1 snapshots, which were all classic and unpinned', async () => {
    const read = await roundTrip({ format: 1, ...base });
    expect(read.layout).toBe('classic');
    expect(read.pin).toBeNull();
    expect(read.deployment.sessionCookieKey).toBeNull();
  });

  it('refuses a format it does not know, and a layout it does not know', async () => {
    await expect(roundTrip({ format: 3, ...base })).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
    // cast: a record from elsewhere, with a layout this appliance has never had.
    await expect(roundTrip({ format: 2, ...base, layout: 'split' as 'classic' })).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
  });
});
