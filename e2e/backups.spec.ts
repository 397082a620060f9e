import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { FakeNpm } from '../tests/fakes/fake-npm';
import { api, configureAppliance, removeLeftovers, screenshot, uniqueSubdomain } from './customers-fixture';
import { failOnConsoleErrors, signIn } from './helpers';

// One signed-in admin walks through backups in order: repository, back up, list, restore, German.
test.describe.configure({ mode: 'serial' });

const SUB = uniqueSubdomain('e2e-bk2');
let npm: FakeNpm;
let page: Page;
let errors: string[];
let customerId = '';
let repoDir = '';

interface CustomerBody { id: string; status: string; active_job: { id: string; kind: string } | null }

async function waitForIdleActive(baseURL: string, timeout = 120_000): Promise<void> {
  await expect
    .poll(async () => {
      const c = (await api<CustomerBody>(baseURL, 'GET', `/api/customers/${customerId}`)).body;
      return c.status === 'active' && !c.active_job;
    }, { timeout, intervals: [500] })
    .toBe(true);
}

/** Keeps every text the running-job card showed, so a short job's live steps are not missed between two polls. */
async function recordActiveJob(p: Page): Promise<void> {
  await p.evaluate(() => {
    const w = window as unknown as { seenJob: string[] };
    w.seenJob = [];
    new MutationObserver(() => {
      const card = document.querySelector('[data-testid="active-job"]');
      if (card?.textContent) w.seenJob.push(card.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const seenJob = (p: Page) => p.evaluate(() => (window as unknown as { seenJob: string[] }).seenJob.join('\n'));

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const base = baseURL as string;
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-e2e-restic-'));
  npm = await configureAppliance(base);
  const created = await api<{ customer: { id: string } }>(base, 'POST', '/api/customers', { name: 'Backup Browser AG', subdomain: SUB, email: 'it@backup.example', max_devices: 5 });
  expect(created.status).toBe(201);
  customerId = created.body.customer.id;
  await waitForIdleActive(base);
  page = await (await browser.newContext()).newPage();
  errors = failOnConsoleErrors(page);
  await signIn(page);
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

test.afterAll(async ({ baseURL }) => {
  const base = baseURL as string;
  // Requests first: the synchronous removal below blocks the event loop, and a kept-alive
  // connection the server closed meanwhile would fail the next request.
  await api(base, 'PUT', '/api/auth/me', { language: null });
  if (customerId) await api(base, 'DELETE', `/api/customers/${customerId}`);
  removeLeftovers([SUB]);
  await page?.context().close();
  await npm?.stop();
  fs.rmSync(repoDir, { recursive: true, force: true });
});

test('Settings → Backups refuses a bad path, then shows the generated password once and tests the repository', async () => {
  await page.goto('/settings?tab=backups');
  const form = page.getByTestId('backup-settings');
  await expect(form.getByTestId('backup-repository_type')).toHaveValue('local');
  await form.getByTestId('backup-local_path').fill('relative/dir');
  await form.getByTestId('backup-save').click();
  await expect(form.getByTestId('error-alert')).toContainText('local_path');
  await expect(form.getByTestId('backup-password')).toHaveCount(0);
  // The browser logs the refused request itself; that one is expected, nothing else.
  expect(errors).toEqual([expect.stringContaining('status of 422')]);
  errors.length = 0;

  await form.getByTestId('backup-local_path').fill(repoDir);
  await form.getByTestId('backup-save').click();
  const shown = form.getByTestId('backup-password');
  await expect(shown).toContainText('store this somewhere else');
  const password = (await shown.locator('code').textContent()) ?? '';
  expect(password.length).toBeGreaterThanOrEqual(24);
  await screenshot(page, 'backup-settings-password-en');

  await form.getByTestId('backup-test').click();
  await expect(form.getByTestId('backup-test-result')).toContainText(/restic 0\.\d+.*repository created — 0 snapshots of 0 customers/);
  expect(fs.existsSync(path.join(repoDir, 'config'))).toBe(true);

  // Shown once: neither coming back within the app nor a reload brings it back.
  // A marker on window proves the way back was a client-side navigation (the query cache kept).
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await page.getByTestId('navbar-brand').click();
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('tab-backups').click();
  await expect(form.getByTestId('backup-local_path')).toHaveValue(repoDir);
  expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
  await expect(form.getByTestId('backup-password')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('backup-local_path')).toHaveValue(repoDir);
  await expect(page.getByTestId('backup-password')).toHaveCount(0);
  expect(await page.content()).not.toContain(password);

  // The write-only password field (for opening an existing repository) never holds the stored one;
  // a typo that does not open the repository is refused on the field.
  const field = page.getByTestId('backup-password-input');
  await expect(field).toHaveAttribute('type', 'password');
  await expect(field).toHaveValue('');
  await field.fill('not-the-repository-password');
  await page.getByTestId('backup-save').click();
  await expect(page.getByTestId('error-alert')).toContainText('does not open the repository');
  expect(errors).toEqual([expect.stringContaining('status of 422')]);
  errors.length = 0;
});

test('the Backups tab backs the tenant up with its steps live, then lists it with its figures', async ({ baseURL }) => {
  await page.goto(`/customers/${customerId}?tab=backups`);
  await expect(page.getByTestId('backups-empty')).toHaveText('No backups yet.');
  await recordActiveJob(page);
  await page.getByTestId('backup-now').click();
  await expect(page.getByText('Backup started.')).toBeVisible();

  const row = page.getByTestId('backup-row');
  await expect(row).toHaveCount(1);
  await expect(row.first()).toContainText('Succeeded', { timeout: 60_000 });
  const live = await seenJob(page);
  expect(live).toContain('Open repository');
  expect(live).toContain('Take snapshot');
  await expect(page.getByTestId('active-job')).toHaveCount(0);
  await expect(page.getByText('Backup started.')).toHaveCount(0);
  // Time, kind, size, added, duration, pause, result: every figure filled in.
  const cells = await row.first().locator('td').allTextContents();
  expect(cells[1]).toBe('Backup');
  expect(cells[2]).toMatch(/\d.*B/);
  expect(cells[5]).toMatch(/\d+(\.\d+)? ?(ms|s)/);
  await expect(row.first().getByTestId('restore-button')).toBeVisible();
  await screenshot(page, 'backups-tab-en');
  await waitForIdleActive(baseURL as string);
});

test('restore in place asks for the subdomain, runs live with a safety snapshot first, and leaves the tenant active', async ({ baseURL }) => {
  await recordActiveJob(page);
  await page.getByTestId('restore-button').first().click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('Restore snapshot');
  await expect(dialog.getByTestId('restore-mode-in-place')).toBeChecked();
  await expect(dialog.getByText(`Type ${SUB} to confirm`)).toBeVisible();
  await dialog.getByTestId('restore-confirm-input').fill('wrong');
  await dialog.getByTestId('confirm-button').click();
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('restore-confirm-input').fill(SUB);
  await dialog.getByTestId('confirm-button').click();
  await expect(dialog).toHaveCount(0);

  await expect(page.getByTestId('backup-row').filter({ hasText: 'Safety' })).toContainText('Succeeded', { timeout: 120_000 });
  await waitForIdleActive(baseURL as string);
  await expect(page.getByTestId('customer-status')).toHaveText('Active');
  const live = await seenJob(page);
  expect(live).toContain('Restore');
  expect(live).toContain('Safety snapshot of the current state');
  const jobs = await api<{ items: { kind: string; state: string; steps: { name: string; state: string }[] }[] }>(baseURL as string, 'GET', `/api/customers/${customerId}/jobs`);
  const restore = jobs.body.items.find((j) => j.kind === 'restore');
  expect(restore?.state).toBe('succeeded');
  expect(restore?.steps.map((s) => s.state)).toEqual(restore?.steps.map(() => 'succeeded'));
  await expect(page.getByTestId('backup-row')).toHaveCount(2);
  await screenshot(page, 'backups-restored-en');
});

test('in German: the same screens', async ({ baseURL }) => {
  expect((await api(baseURL as string, 'PUT', '/api/auth/me', { language: 'de' })).status).toBe(200);
  await page.goto('/settings?tab=backups');
  const form = page.getByTestId('backup-settings');
  await expect(form).toContainText('Wo Backups liegen');
  await expect(form.getByTestId('backup-save')).toHaveText('Speichern');
  await form.getByTestId('backup-test').click();
  await expect(form.getByTestId('backup-test-result')).toContainText(/Repository geöffnet — 2 Snapshots von 1 Kunden/);
  await screenshot(page, 'backup-settings-de');

  await page.goto(`/customers/${customerId}?tab=backups`);
  await expect(page.getByTestId('backup-now')).toHaveText(/Jetzt sichern/);
  const table = page.getByTestId('backups-table');
  for (const head of ['Zeit', 'Art', 'Größe', 'Hinzugefügt', 'Dauer', 'Pause', 'Ergebnis']) await expect(table.locator('th', { hasText: head })).toHaveCount(1);
  await expect(table.getByTestId('backup-row').filter({ hasText: 'Sicherheit' })).toContainText('Erfolgreich');
  await table.getByTestId('restore-button').first().click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('wiederherstellen');
  await expect(dialog.getByText(`Zur Bestätigung ${SUB} eingeben`)).toBeVisible();
  await dialog.getByTestId('restore-mode-new').check();
  await expect(dialog).toContainText('bestehende Peers folgen nicht');
  await screenshot(page, 'backups-restore-dialog-de');
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  await expect(dialog).toHaveCount(0);
});
