import { TMP, removeTmp } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGING_NAME, openStaging, type HostDataDir } from '../../lib/backups/host-data';
import { localEngine } from '../../lib/docker/engine';
import { packEntries } from '../../lib/docker/host-files';
import { renderTenantFiles } from '../../lib/netbird/render-files';
import { buildStackSpec } from '../../lib/netbird/stack-spec';
import { putBackSetAsideData, SET_ASIDE_DATA, writeTenantFiles } from '../../lib/netbird/tenant-files';
import { stackInput } from '../../lib/netbird/test-fixtures';
import { STANDIN_IMAGES } from '../helpers/standin-images';

// A restore swaps the tenant's data directory with two renames in a helper on the tenant's host.
// A host that went down between them left the data only under the set-aside name; nothing may
// then delete it, and the next restore puts it back before it touches anything.
afterAll(() => removeTmp());

function tenantDataDir(name: string): HostDataDir {
  const parent = path.join(TMP, name, 'data');
  fs.mkdirSync(parent, { recursive: true });
  return { engine: localEngine(), image: STANDIN_IMAGES.caddy_image, parent, name: 'management' };
}

function put(dir: HostDataDir, sub: string, text: string): void {
  fs.mkdirSync(path.join(dir.parent, sub), { recursive: true });
  fs.writeFileSync(path.join(dir.parent, sub, 'store.db'), text);
}

const read = (dir: HostDataDir, sub: string) => fs.readFileSync(path.join(dir.parent, sub, 'store.db'), 'utf8');

describe('restore swap on the tenant host', { timeout: 60_000 }, () => {
  it('puts data left set aside by a cut-off swap back in place, and an abandoned restore leaves it there', async () => {
    const dir = tenantDataDir('cut-between-renames');
    put(dir, SET_ASIDE_DATA, 'the tenant before the restore');
    const staging = await openStaging(dir);
    expect(read(dir, 'management')).toBe('the tenant before the restore');
    expect(fs.existsSync(path.join(dir.parent, SET_ASIDE_DATA))).toBe(false);
    await staging.discard();
    expect(read(dir, 'management')).toBe('the tenant before the restore');
    expect(fs.readdirSync(dir.parent).sort()).toEqual(['management']);
  });

  it('keeps set-aside data found beside data in place under a name of its own and swaps the restored data in', async () => {
    const dir = tenantDataDir('cut-while-removing');
    put(dir, 'management', 'in place');
    put(dir, SET_ASIDE_DATA, 'left set aside');
    const staging = await openStaging(dir);
    await staging.write(Readable.from([await packEntries([{ path: `${STAGING_NAME}/store.db`, mode: 0o600, content: 'restored' }])]));
    await staging.swap();
    await staging.discard();
    expect(read(dir, 'management')).toBe('restored');
    const kept = fs.readdirSync(dir.parent).filter((n) => n.startsWith(`${SET_ASIDE_DATA}-`));
    expect(kept).toHaveLength(1);
    expect(read(dir, kept[0])).toBe('left set aside');
    expect(fs.existsSync(path.join(dir.parent, SET_ASIDE_DATA))).toBe(false);
    expect(fs.existsSync(path.join(dir.parent, STAGING_NAME))).toBe(false);
  });

  it('an ordinary swap replaces the data and leaves nothing beside it', async () => {
    const dir = tenantDataDir('ordinary');
    put(dir, 'management', 'before');
    const staging = await openStaging(dir);
    await staging.write(Readable.from([await packEntries([{ path: `${STAGING_NAME}/store.db`, mode: 0o600, content: 'after' }])]));
    await staging.swap();
    await staging.discard();
    expect(read(dir, 'management')).toBe('after');
    expect(fs.readdirSync(dir.parent)).toEqual(['management']);
  });

  // After such a cut-off swap, a redeploy (writing the tenant's files) and a plain start put the
  // data back in place before any container mounts an empty directory there.
  for (const how of ['on this host', 'through the engine, as for another host'] as const) {
    it(`a deploy puts data left set aside back before the stack starts (${how})`, async () => {
      const dataRoot = path.join(TMP, `deploy-${how === 'on this host' ? 'local' : 'engine'}`);
      const spec = buildStackSpec(stackInput({ dataRoot }));
      const data = path.join(spec.tenantDir, 'data');
      fs.mkdirSync(path.join(data, SET_ASIDE_DATA), { recursive: true });
      fs.writeFileSync(path.join(data, SET_ASIDE_DATA, 'store.db'), 'the tenant');
      const remote = how === 'on this host' ? undefined : { engine: localEngine(), image: STANDIN_IMAGES.caddy_image };
      await writeTenantFiles(spec, renderTenantFiles(spec.template), remote);
      expect(fs.readFileSync(path.join(data, 'management', 'store.db'), 'utf8')).toBe('the tenant');
      expect(fs.existsSync(path.join(data, SET_ASIDE_DATA))).toBe(false);
      // With data in place the set-aside name is left alone (the restore's swap decides about it).
      fs.mkdirSync(path.join(data, SET_ASIDE_DATA));
      await writeTenantFiles(spec, renderTenantFiles(spec.template), remote);
      expect(fs.readFileSync(path.join(data, 'management', 'store.db'), 'utf8')).toBe('the tenant');
      expect(fs.existsSync(path.join(data, SET_ASIDE_DATA))).toBe(true);
    });

    it(`a start without a redeploy puts data left set aside back, and leaves data in place alone (${how})`, async () => {
      const spec = buildStackSpec(stackInput({ dataRoot: path.join(TMP, `start-${how === 'on this host' ? 'local' : 'engine'}`) }));
      const data = path.join(spec.tenantDir, 'data');
      fs.mkdirSync(path.join(data, SET_ASIDE_DATA), { recursive: true });
      fs.writeFileSync(path.join(data, SET_ASIDE_DATA, 'store.db'), 'the tenant');
      const remote = how === 'on this host' ? undefined : { engine: localEngine(), image: STANDIN_IMAGES.caddy_image };
      await putBackSetAsideData(spec, remote);
      expect(fs.readFileSync(path.join(data, 'management', 'store.db'), 'utf8')).toBe('the tenant');
      expect(fs.readdirSync(data)).toEqual(['management']);
      fs.mkdirSync(path.join(data, SET_ASIDE_DATA));
      await putBackSetAsideData(spec, remote);
      expect(fs.readFileSync(path.join(data, 'management', 'store.db'), 'utf8')).toBe('the tenant');
      expect(fs.readdirSync(data).sort()).toEqual([SET_ASIDE_DATA, 'management'].sort());
    });
  }
});
