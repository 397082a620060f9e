import { describe, expect, it } from 'vitest';
import { planSchema, planWaves } from './plan-schema';
import { changedServices, changesDataImage, DATA_SERVICE, imageSetSchema, imageTag, LAYOUT_IMAGES, sameImages, versionOf } from './image-set';
import { managementServiceOf, servicesOf } from '../netbird/stack-spec';

const ids = Array.from({ length: 10 }, (_, i) => `t${i}`);

describe('planWaves', () => {
  it('puts the canary alone first, then waves of N in order', () => {
    expect(planWaves(ids, ['t0'], 3)).toEqual([['t0'], ['t1', 't2', 't3'], ['t4', 't5', 't6'], ['t7', 't8', 't9']]);
  });
  it('a canary named from the middle is taken out of the later waves', () => {
    const waves = planWaves(ids, ['t5'], 4);
    expect(waves[0]).toEqual(['t5']);
    expect(waves.flat().sort()).toEqual([...ids].sort());
    expect(waves.flat().filter((id) => id === 't5')).toHaveLength(1);
  });
  it('no canary: waves only; a canary not in the selection is ignored', () => {
    expect(planWaves(ids.slice(0, 4), [], 3)).toEqual([['t0', 't1', 't2'], ['t3']]);
    expect(planWaves(ids.slice(0, 2), ['zz'], 3)).toEqual([['t0', 't1']]);
  });
  it('nothing selected: no waves', () => {
    expect(planWaves([], ['t0'], 3)).toEqual([]);
  });
});

describe('planSchema', () => {
  it('refuses a zero wave size, parallelism and budget, and a fraction above 1, naming the fields', () => {
    const r = planSchema.safeParse({ wave_size: 0, parallel: 0, failure_budget: 0, peer_fraction: 1.5 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['failure_budget', 'parallel', 'peer_fraction', 'wave_size']);
  });
  it('refuses an image reference with a shell metacharacter', () => {
    const bad = { management: 'a;rm -rf /', signal: 's', relay: 'r', dashboard: 'd', caddy: 'c' };
    expect(planSchema.safeParse({ images: bad }).success).toBe(false);
  });
  it('fills the defaults: an upgrade, canary 1, waves of 5, 2 at once, budget 1, 80 % of peers', () => {
    expect(planSchema.parse({})).toMatchObject({ kind: 'upgrade', canary: 1, wave_size: 5, parallel: 2, failure_budget: 1, peer_fraction: 0.8, dry_run: false });
  });
  it('refuses an empty selection list, an unknown kind, empty host filters and a migration with images', () => {
    const paths = (input: unknown) => planSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths({ customer_ids: [], host_ids: [], host_labels: [], kind: 'sideways' })).toEqual(['customer_ids', 'host_ids', 'host_labels', 'kind']);
    const images = { management: 'm:1', signal: 's:1', relay: 'r:1', dashboard: 'd:1', caddy: 'c:1' };
    expect(paths({ kind: 'migrate', images })).toEqual(['images']);
    expect(planSchema.parse({ kind: 'migrate', host_labels: ['ring-1'] })).toMatchObject({ kind: 'migrate', host_labels: ['ring-1'] });
  });
});

describe('image versions', () => {
  it('reads tags, digests and untagged references', () => {
    expect(imageTag('netbirdio/management:0.77.1')).toBe('0.77.1');
    expect(imageTag('registry.local:5000/netbird/management')).toBe('latest');
    expect(imageTag('registry.local:5000/management:1.2')).toBe('1.2');
    expect(versionOf({})).toBe('unknown');
  });
  it('names the services whose image changes', () => {
    const from = { management: 'm:1', signal: 's:1', relay: 'r:1', dashboard: 'd:1', caddy: 'c:1' };
    expect(changedServices(from, { ...from, management: 'm:2', relay: 'r:2' }, 'classic')).toEqual(['management', 'relay']);
  });

  it('a set is whole for one layout at least, and names the fields missing for the one it is closer to', () => {
    const issues = (set: unknown) => imageSetSchema.safeParse(set).error?.issues.map((i) => i.path.join('.')).sort();
    expect(imageSetSchema.safeParse({ server: 's:1', dashboard: 'd:1', caddy: 'c:1' }).success).toBe(true);
    expect(imageSetSchema.safeParse({ management: 'm:1', signal: 's:1', relay: 'r:1', dashboard: 'd:1', caddy: 'c:1' }).success).toBe(true);
    expect(issues({ server: 's:1', dashboard: 'd:1' })).toEqual(['caddy']);
    expect(issues({ management: 'm:1' })).toEqual(['caddy', 'dashboard', 'relay', 'signal']);
    expect(issues({ server: 'bad image!', dashboard: 'd:1', caddy: 'c:1' })).toEqual(['server']);
  });
  it("names each layout's services as the stack spec does (image-set stays free of the spec's imports for the UI)", () => {
    for (const layout of ['classic', 'combined'] as const) {
      expect([...LAYOUT_IMAGES[layout]].sort()).toEqual([...servicesOf(layout)].sort());
      expect(DATA_SERVICE[layout]).toBe(managementServiceOf(layout));
    }
  });
  it('compares per layout: a tenant is judged on the images it runs', () => {
    const combined = { server: 'netbirdio/netbird-server:0.70.1', dashboard: 'd:1', caddy: 'c:1' };
    const classic = { management: 'm:1', signal: 's:1', relay: 'r:1', dashboard: 'd:1', caddy: 'c:1' };
    expect(versionOf(combined)).toBe('0.70.1');
    expect(versionOf({ ...classic, ...combined })).toBe('1');
    expect(changesDataImage(combined, { ...combined, dashboard: 'd:2' }, 'combined')).toBe(false);
    expect(changesDataImage(combined, { ...combined, server: 'netbirdio/netbird-server:0.77.1' }, 'combined')).toBe(true);
    expect(changesDataImage(classic, { ...classic, server: 'x:2' }, 'classic')).toBe(false);
    expect(sameImages({ ...classic, server: 'a:1' }, { ...classic, server: 'b:1' }, 'classic')).toBe(true);
    expect(sameImages({ ...classic, server: 'a:1' }, { ...classic, server: 'b:1' }, 'combined')).toBe(false);
  });
});
