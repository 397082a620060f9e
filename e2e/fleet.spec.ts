import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { FakeNpm } from '../tests/fakes/fake-npm';
import { STANDIN_IMAGES } from '../tests/helpers/standin-images';
import { api, configureAppliance, removeLeftovers, screenshot } from './customers-fixture';
import { failOnConsoleErrors, signIn } from './helpers';

// One signed-in admin upgrades two tenants' dashboards: the fleet by version, a pin set in the
// page, a plan with a dry run, started and followed live to the end; then the same in German.
test.describe.configure({ mode: 'serial' });

const RUN = randomBytes(3).toString('hex');
const PREFIX = `fl-${RUN}`;
const SUBS = [`${PREFIX}-a`, `${PREFIX}-b`];
/** A second tag of the stand-in dashboard: a "newer" image that exists on the engine, made and removed by this spec. */
const NEW_DASHBOARD = `netbird-msp-standin/dashboard:fl-e2e-${RUN}`;
const ids: string[] = [];
let npm: FakeNpm;
let page: Page;
let errors: string[];
let repoDir = '';

interface CustomerBody { id: string; status: string; status_reason: string | null; active_job: { id: string } | null }

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(420_000);
  const base = baseURL as string;
  execFileSync('docker', ['tag', STANDIN_IMAGES.netbird_dashboard_image, NEW_DASHBOARD]);
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-e2e-fleet-'));
  npm = await configureAppliance(base);
  expect((await api(base, 'PUT', '/api/settings/backups', { repository_type: 'local', local_path: repoDir })).status).toBe(200);
  for (const sub of SUBS) {
    const created = await api<{ customer: { id: string } }>(base, 'POST', '/api/customers', { name: `Fleet ${sub}`, subdomain: sub, email: `it@${sub}.example`, max_devices: 5 });
    expect(created.status).toBe(201);
    ids.push(created.body.customer.id);
  }
  const settled = async (id: string): Promise<CustomerBody> => {
    const deadline = Date.now() + 150_000;
    for (;;) {
      const c = (await api<CustomerBody>(base, 'GET', `/api/customers/${id}`)).body;
      if (['active', 'error'].includes(c.status) && !c.active_job) return c;
      if (Date.now() > deadline) throw new Error(`customer ${id} did not settle: ${JSON.stringify(c)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  for (const id of ids) {
    let c = await settled(id);
    // The engine is shared and busy: a deploy it did not answer in time is run once more (a deploy is idempotent).
    if (c.status === 'error' && /did not answer|TIMEOUT/i.test(c.status_reason ?? '')) {
      expect((await api(base, 'POST', `/api/customers/${id}/deploy`)).status).toBe(202);
      c = await settled(id);
    }
    expect({ status: c.status, reason: c.status_reason }).toEqual({ status: 'active', reason: null });
  }
  page = await (await browser.newContext()).newPage();
  errors = failOnConsoleErrors(page);
  await signIn(page);
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

test.afterAll(async ({ baseURL }) => {
  const base = baseURL as string;
  await api(base, 'PUT', '/api/auth/me', { language: null });
  for (const id of ids) await api(base, 'DELETE', `/api/customers/${id}`);
  // The delete jobs remove the stacks; whatever they did not finish goes by label.
  await expect
    .poll(async () => (await Promise.all(ids.map((id) => api(base, 'GET', `/api/customers/${id}`)))).every((r) => r.status === 404), { timeout: 60_000, intervals: [500] })
    .toBe(true)
    .catch(() => undefined);
  removeLeftovers(SUBS);
  execFileSync('docker', ['rmi', NEW_DASHBOARD], { stdio: 'ignore' });
  await page?.context().close();
  await npm?.stop();
  fs.rmSync(repoDir, { recursive: true, force: true });
});

test('the fleet by version; a pin set on the page; a plan dry-run, started and followed live to the end', async () => {
  test.setTimeout(240_000);
  await page.goto('/fleet');
  await expect(page.getByTestId('page-title')).toHaveText('Fleet');
  await expect(page.getByTestId('fleet-version-test')).toContainText(/test: \d+ tenants?/);
  for (const sub of SUBS) await expect(page.getByTestId(`fleet-row-${sub}`)).toContainText('test');

  const [pinned, moved] = SUBS;
  await page.getByTestId(`fleet-pin-${pinned}`).click();
  await expect(page.getByTestId(`fleet-row-${pinned}`)).toContainText('pinned');
  await expect(page.getByTestId(`fleet-pin-${pinned}`)).toHaveText('Unpin');

  const editor = page.getByTestId('plan-editor');
  await expect(editor.getByTestId('plan-kind')).toHaveValue('upgrade');
  await editor.getByLabel('Subdomain starts with').fill(PREFIX);
  await editor.getByLabel('Image: dashboard').fill(NEW_DASHBOARD);
  await editor.getByLabel('Soak (s)').fill('0');
  await expect(editor.getByTestId('plan-start')).toBeDisabled();
  // Combined tenants get the server image: offered beside the others, the fleet default filled in.
  await expect(editor.getByLabel('Image: server')).toHaveValue(STANDIN_IMAGES.netbird_server_image);
  // One layout at a time: both tenants are classic, so a plan for combined tenants takes neither.
  await editor.getByTestId('plan-layout').selectOption('combined');
  await editor.getByTestId('plan-dry-run').click();
  await expect(editor.getByTestId('plan-dry-result')).toContainText('0 waves');
  await expect(editor.getByTestId('plan-start')).toBeDisabled();
  await editor.getByTestId('plan-layout').selectOption('');
  await editor.getByTestId('plan-dry-run').click();
  const dry = editor.getByTestId('plan-dry-result');
  await expect(dry).toContainText('1 wave, 1 left out');
  await expect(dry.getByTestId('plan-dry-wave-0')).toContainText('Canary');
  await expect(dry.getByTestId('plan-dry-wave-0')).toContainText(`${moved} (test, local)`);
  await expect(dry.getByTestId('plan-dry-excluded')).toContainText(`${pinned}: pinned`);
  await screenshot(page, 'fleet-dry-run-en');

  // Every state the live view shows for the tenant, however briefly.
  await page.evaluate(() => {
    const w = window as unknown as { seenStates: string[] };
    w.seenStates = [];
    new MutationObserver(() => {
      for (const row of document.querySelectorAll('[data-testid^="plan-row-"]')) {
        const state = row.getAttribute('data-state');
        if (state && w.seenStates[w.seenStates.length - 1] !== state) w.seenStates.push(state);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
  await editor.getByTestId('plan-start').click();
  const live = page.getByTestId('plan-live');
  await expect(live.getByTestId(`plan-row-${moved}`)).toBeVisible();
  await expect(live.getByTestId('plan-state')).toHaveText('finished', { timeout: 180_000 });
  await expect(live.getByTestId(`plan-row-${moved}`)).toContainText('upgraded');
  const seen = await page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates);
  expect(seen[seen.length - 1]).toBe('succeeded');
  // The view followed the tenant through its upgrade, not only its end.
  expect(seen.some((s) => ['pending', 'backup', 'upgrading', 'health'].includes(s))).toBe(true);
  await expect(page.getByTestId(`plan-row-${pinned}`)).toHaveCount(0);
  await screenshot(page, 'fleet-plan-done-en');

  const containers = execFileSync('docker', ['ps', '--filter', `label=netbird-msp.subdomain=${moved}`, '--format', '{{.Image}}'], { encoding: 'utf8' });
  expect(containers).toContain(NEW_DASHBOARD);
});

test('in German: the fleet, the editor and the finished plan', async ({ baseURL }) => {
  expect((await api(baseURL as string, 'PUT', '/api/auth/me', { language: 'de' })).status).toBe(200);
  await page.goto('/fleet');
  await expect(page.getByTestId('page-title')).toHaveText('Flotte');
  await expect(page.getByTestId('fleet-versions')).toContainText(/\d+ Mandant/);
  await expect(page.getByTestId(`fleet-row-${SUBS[0]}`)).toContainText('festgesetzt');
  await expect(page.getByTestId(`fleet-pin-${SUBS[0]}`)).toHaveText('Freigeben');
  const editor = page.getByTestId('plan-editor');
  await expect(editor).toContainText('Upgrade planen');
  await expect(editor.getByTestId('plan-kind').locator('option')).toHaveText(['Image-Upgrade', 'Layout-Umzug (klassisch → kombiniert)']);
  await expect(editor.getByTestId('plan-dry-run')).toHaveText('Probelauf');
  await expect(editor.getByLabel('Host-Label')).toBeVisible();
  const live = page.getByTestId('plan-live');
  await expect(live.getByTestId('plan-state')).toHaveText('abgeschlossen');
  await expect(live.getByTestId(`plan-row-${SUBS[1]}`)).toContainText('aktualisiert');
  await screenshot(page, 'fleet-de');
});
