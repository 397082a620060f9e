import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listCertificates } from '@/lib/proxy/certificates';
import { sendNpmRequest } from '@/lib/proxy/http';
import { settingsWithDraft } from '@/lib/settings/npm-draft';
import { startFakeNpm, type FakeNpm } from '../fakes/fake-npm';
import { failureOf, NPM_EMAIL, NPM_PASSWORD, npmSettings, useFakeNpm } from './npm-fixture';

const saved = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('@/lib/settings/store', () => ({ getSettings: async () => saved.current }));

/** Issue 14 finding 1: the stored NPM password goes only to the stored NPM URL. */
describe('NPM settings draft', () => {
  const f = useFakeNpm();
  let attacker: FakeNpm;

  beforeEach(async () => {
    saved.current = f.settings;
    // Another server that would accept the saved credentials, i.e. would learn them.
    attacker = await startFakeNpm({ email: NPM_EMAIL, password: NPM_PASSWORD });
  });
  afterEach(() => attacker.stop());

  it('a changed URL without a password is refused (422 on npm_api_password) and the other server hears nothing', async () => {
    const err = await failureOf((async () => listCertificates(await settingsWithDraft({ npm_api_url: attacker.url, npm_api_email: NPM_EMAIL })))());
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(err.details)).toContain('npm_api_password');
    expect(attacker.state.requests).toEqual([]);
  });

  it('the saved URL (spelled with /api or a trailing slash) keeps using the saved password', async () => {
    const draft = await settingsWithDraft({ npm_api_url: `${f.fake.url}/api/`, npm_api_email: NPM_EMAIL });
    expect(draft.npm_api_password).toBe(NPM_PASSWORD);
    await expect(listCertificates(draft)).resolves.toEqual([]);
  });

  it('a changed URL with its own password uses that password, never the saved one', async () => {
    saved.current = npmSettings(f.fake.url, { npm_api_password: 'the-saved-one' });
    const draft = await settingsWithDraft({ npm_api_url: attacker.url, npm_api_email: NPM_EMAIL, npm_api_password: NPM_PASSWORD });
    expect(draft.npm_api_password).toBe(NPM_PASSWORD);
    await listCertificates(draft);
    expect(JSON.stringify(attacker.state.requests)).not.toContain('the-saved-one');
  });

  it('a redirect from the given URL is not followed, and a foreign body is not passed on', async () => {
    const hits: string[] = [];
    const other = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url?.startsWith('/api/tokens')) {
        res.writeHead(302, { Location: `${attacker.url}/api/tokens` }).end();
        return;
      }
      res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ internal: 'db-password=hunter2' }));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const redirected = await failureOf((async () => listCertificates(await settingsWithDraft({ npm_api_url: url, npm_api_email: NPM_EMAIL, npm_api_password: NPM_PASSWORD })))());
      expect(redirected.message).toContain('redirect');
      expect(attacker.state.requests).toEqual([]);
      const status = await failureOf(sendNpmRequest(`${url}/api`, { method: 'GET', path: '/nginx/certificates' }));
      expect(JSON.stringify({ message: status.message, details: status.details })).not.toContain('hunter2');
    } finally {
      other.close();
    }
  });
});
