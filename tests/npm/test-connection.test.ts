import { describe, expect, it } from 'vitest';
import { testConnection } from '@/lib/proxy/test-connection';
import { NPM_PASSWORD, npmSettings, useFakeNpm } from './npm-fixture';

describe('testConnection', () => {
  const f = useFakeNpm();

  it('reports reachable, authenticated, proxy hosts and certificates, with the NPM version', async () => {
    const result = await testConnection(f.settings);
    expect(result.ok).toBe(true);
    expect(result.version).toBe('2.15.1');
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['reachable', true],
      ['authenticated', true],
      ['proxy_hosts', true],
      ['certificates', true],
    ]);
  });

  it('names the failing check and skips the rest', async () => {
    const result = await testConnection(npmSettings(f.fake.url, { npm_api_password: 'not-the-password' }));
    expect(result.ok).toBe(false);
    expect(result.version).toBe('2.15.1');
    expect(result.checks[1]).toMatchObject({ name: 'authenticated', ok: false, code: 'NPM_AUTH_FAILED' });
    expect(result.checks[2].message).toMatch(/Not checked/);
  });

  it('reports unreachable when NPM is down', async () => {
    await f.fake.stop();
    const result = await testConnection(f.settings);
    expect(result.checks[0]).toMatchObject({ name: 'reachable', ok: false, code: 'NPM_UNREACHABLE' });
    f.fake = await (await import('../fakes/fake-npm')).startFakeNpm();
  });

  it('flags missing or view-only permissions per collection', async () => {
    f.fake.setPermissions({ proxy_hosts: 'view', certificates: 'hidden' });
    const result = await testConnection(f.settings);
    expect(result.ok).toBe(false);
    expect(result.checks[2]).toMatchObject({ name: 'proxy_hosts', ok: false, code: 'NPM_FORBIDDEN' });
    expect(result.checks[2].message).toMatch(/may only "view"/);
    expect(result.checks[3]).toMatchObject({ name: 'certificates', ok: false, code: 'NPM_FORBIDDEN' });
    expect(JSON.stringify(result)).not.toContain(NPM_PASSWORD);
  });
});
