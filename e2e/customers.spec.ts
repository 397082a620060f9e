import { expect, test, type Browser, type Page } from '@playwright/test';
import type { FakeNpm } from '../tests/fakes/fake-npm';
import { api, configureAppliance, fitsViewport, removeLeftovers, screenshot, serverActionId, uniqueSubdomain, VIEWER } from './customers-fixture';
import { failOnConsoleErrors, signIn } from './helpers';

// One signed-in page walks through the operator's day in order: create, watch, logs, stop/start, edit, German, delete.
test.describe.configure({ mode: 'serial' });

const SUB = uniqueSubdomain('e2e-acme');
const created: string[] = [SUB];
let npm: FakeNpm;
let page: Page;
let errors: string[];
let customerId = '';

async function openPage(browser: Browser, username?: string, password?: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const p = await context.newPage();
  const errs = failOnConsoleErrors(p);
  await signIn(p, username, password);
  return { page: p, errors: errs };
}

async function setLanguage(p: Page, language: 'en' | 'de'): Promise<void> {
  await p.getByTestId('language-switcher').selectOption(language);
  await expect(p.locator('html')).toHaveAttribute('lang', language);
  await p.reload();
}

test.beforeAll(async ({ browser, baseURL }) => {
  npm = await configureAppliance(baseURL as string);
  ({ page, errors } = await openPage(browser));
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

test.afterAll(async ({ baseURL }) => {
  // Delete through the API whatever a failed run left, then remove any container still labelled with our subdomains.
  const list = await api<{ items: { id: string; subdomain: string }[] }>(baseURL as string, 'GET', '/api/customers?per_page=100');
  for (const c of list.body?.items ?? []) if (created.includes(c.subdomain)) await api(baseURL as string, 'DELETE', `/api/customers/${c.id}`);
  removeLeftovers(created);
  await page?.context().close();
  await npm?.stop();
});

test('the form checks input in the browser, then the deploy steps run live to active with URLs and credentials', async () => {
  await page.goto('/');
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
  await expect(page.getByTestId('card-capacity')).toContainText(/of ~[\d,]+/);
  await screenshot(page, 'dashboard-en');
  await page.getByTestId('new-customer').click();
  await page.getByLabel('Name').fill('Acme Corp');
  await page.getByLabel('Subdomain').fill('Not_A-Label-');
  await page.getByLabel('Contact email').fill('it@acme.example');
  await page.getByTestId('customer-submit').click();
  await expect(page.getByTestId('error-customer-subdomain')).toContainText('one DNS label');
  await page.getByLabel('Subdomain').fill(SUB);
  await page.getByLabel('Maximum devices').fill('25');
  await page.getByTestId('customer-submit').click();

  const progress = page.getByTestId('deploy-progress');
  await expect(progress.getByTestId('step-allocate-ports')).toContainText('Allocate ports');
  await screenshot(page, 'new-customer-progress-en');
  await expect(progress.getByTestId('deploy-succeeded')).toBeVisible({ timeout: 90_000 });
  for (const step of ['allocate-ports', 'containers', 'health', 'proxy', 'activate']) {
    await expect(progress.getByTestId(`step-${step}`)).toHaveAttribute('data-state', 'succeeded');
  }
  await expect(progress.getByTestId('job-progress')).toBeVisible();
  await expect(progress.getByTestId('result-url')).toHaveText(`https://${SUB}.msp.example.com`);
  await expect(progress.getByTestId('credentials')).toBeVisible();
  await screenshot(page, 'new-customer-done-en');
  await progress.getByTestId('open-customer').click();
  await expect(page.getByTestId('page-title')).toHaveText('Acme Corp');
  customerId = page.url().split('/customers/')[1].split('?')[0];
  await expect(page.getByTestId('customer-status')).toHaveText('Active');
  await expect(page.getByTestId('peers-used')).toContainText('of 25 devices');
  await screenshot(page, 'detail-overview-en');
});

test('logs: a request to the tenant shows up live, can be searched and downloaded', async () => {
  await page.getByTestId('tab-logs').click();
  await expect(page.getByTestId('log-lines')).toContainText('management');
  await page.getByTestId('log-follow').check();
  await expect(page.getByText('Following live')).toBeVisible();
  const { body: customer } = await api<{ dashboard_port: number }>(page.url().split('/customers')[0], 'GET', `/api/customers/${customerId}`);
  const marker = `e2e-marker-${Date.now()}`;
  // The management stand-in logs every request it answers, so this line must arrive through the live stream.
  await fetch(`http://127.0.0.1:${customer.dashboard_port}/api/instance?marker=${marker}`);
  await expect(page.getByTestId('log-lines')).toContainText(marker, { timeout: 15_000 });
  await page.getByTestId('log-search').fill(marker);
  await expect(page.getByTestId('log-lines').locator('div')).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.getByTestId('log-download').click();
  expect((await download).suggestedFilename()).toBe(`${SUB}-management.log`);
  await screenshot(page, 'detail-logs-en');
});

test('containers: figures per service; stop makes it inactive and start active again', async () => {
  await page.getByTestId('tab-containers').click();
  const table = page.getByTestId('containers-table');
  await expect(table.locator('tbody tr')).toHaveCount(5);
  await expect(table.getByTestId('container-management').getByTestId('memory')).toContainText(/of/, { timeout: 20_000 });
  await screenshot(page, 'detail-containers-en');
  await page.getByTestId('containers-tab').getByTestId('op-stop').click();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('customer-status')).toHaveText('Inactive', { timeout: 60_000 });
  await expect(page.getByTestId('containers-tab').getByTestId('op-start')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('containers-tab').getByTestId('op-start').click();
  await expect(page.getByTestId('customer-status')).toHaveText('Active', { timeout: 60_000 });
});

test('activity lists each job with its steps and durations', async () => {
  await page.getByTestId('tab-activity').click();
  const jobs = page.getByTestId('job-item');
  await expect(jobs).toHaveCount(3);
  await expect(jobs.first()).toHaveAttribute('data-kind', 'start');
  await expect(jobs.last()).toHaveAttribute('data-kind', 'deploy');
  await expect(jobs.first().getByTestId('step-health')).toContainText(/Wait until healthy/);
  await expect(jobs.first()).toContainText(/took [\d.,]+ (ms|s)/);
  await screenshot(page, 'detail-activity-en');
});

test('settings: edit the details; the change shows at once', async () => {
  await page.getByTestId('tab-settings').click();
  await expect(page.getByLabel('Subdomain')).toBeDisabled();
  await page.getByLabel('Name').fill('Acme Corporation');
  await page.getByLabel('Maximum devices').fill('0');
  await page.getByTestId('customer-submit').click();
  await expect(page.getByTestId('error-customer-max_devices')).toBeVisible();
  await page.getByLabel('Maximum devices').fill('30');
  await page.getByTestId('customer-submit').click();
  await expect(page.getByTestId('toast-success').last()).toContainText('Changes saved');
  await expect(page.getByTestId('page-title')).toHaveText('Acme Corporation');
  await screenshot(page, 'detail-settings-en');
});

test('German after a reload on the dashboard and every detail tab', async () => {
  await setLanguage(page, 'de');
  await expect(page.getByTestId('tab-overview')).toHaveText('Übersicht');
  await expect(page.getByTestId('customer-status')).toHaveText('Aktiv');
  await screenshot(page, 'detail-overview-de');
  for (const [tab, text] of [['containers', 'Arbeitsspeicher'], ['logs', 'Live verfolgen'], ['activity', 'Aktivität'], ['settings', 'Änderungen speichern']]) {
    await page.getByTestId(`tab-${tab}`).click();
    await expect(page.getByTestId(`${tab}-tab`)).toContainText(text);
    await screenshot(page, `detail-${tab}-de`);
  }
  await page.goto('/');
  await expect(page.getByTestId('page-title')).toHaveText('Kunden');
  await expect(page.getByTestId(`customer-row-${SUB}`)).toContainText('Aktiv');
  await expect(page.getByTestId('new-customer')).toHaveText(/Neuer Kunde/);
  await screenshot(page, 'dashboard-de');
  await setLanguage(page, 'en');
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
});

test('a 375 px phone: dashboard and detail fit without sideways scrolling', async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId(`customer-row-${SUB}`)).toBeVisible();
  expect(await fitsViewport(page)).toBe(true);
  await screenshot(page, 'dashboard-phone-en');
  await page.goto(`/customers/${customerId}`);
  await expect(page.getByTestId('overview-tab')).toBeVisible();
  expect(await fitsViewport(page)).toBe(true);
  await screenshot(page, 'detail-phone-en');
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('a viewer sees no action buttons, and forged calls are refused', async ({ browser, baseURL }) => {
  const viewer = await openPage(browser, VIEWER.username, VIEWER.password);
  const v = viewer.page;
  await v.goto('/');
  const row = v.getByTestId(`customer-row-${SUB}`);
  await expect(row).toBeVisible();
  await expect(v.getByTestId('new-customer')).toHaveCount(0);
  await expect(row.locator('button')).toHaveCount(0);
  await v.goto(`/customers/${customerId}`);
  await expect(v.getByTestId('overview-tab')).toBeVisible();
  await expect(v.getByTestId('tab-logs')).toHaveCount(0);
  await expect(v.getByTestId('tab-settings')).toHaveCount(0);
  await expect(v.getByTestId('reveal-credentials')).toHaveCount(0);
  await v.getByTestId('tab-containers').click();
  await expect(v.getByTestId('containers-table')).toBeVisible();
  await expect(v.locator('[data-testid^="op-"]')).toHaveCount(0);

  // The REST route with the viewer's own session cookie…
  const rest = await v.request.post(`/api/customers/${customerId}/stop`);
  expect(rest.status()).toBe(403);
  expect((await rest.json()).error.code).toBe('FORBIDDEN');
  // …and the server action itself, called the way the browser would, with the viewer's cookie.
  const forged = await v.evaluate(
    async ([id, target]) => {
      const res = await fetch('/', { method: 'POST', headers: { 'Next-Action': id, Accept: 'text/x-component', 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify([target, 'stop']) });
      return res.text();
    },
    [serverActionId('operateCustomerAction'), customerId],
  );
  expect(forged).toContain('"ok":false');
  expect(forged).toContain('"code":"FORBIDDEN"');
  const after = await api<{ status: string; active_job: unknown }>(baseURL as string, 'GET', `/api/customers/${customerId}`);
  expect(after.body).toMatchObject({ status: 'active', active_job: null });
  expect(viewer.errors).toEqual([]);
  await v.context().close();
});

test('delete needs the subdomain typed, then the customer disappears', async ({ baseURL }) => {
  await page.goto(`/customers/${customerId}?tab=settings`);
  await page.getByTestId('delete-customer').click();
  const confirm = page.getByTestId('delete-confirm-button');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('delete-confirm-input').fill('acme');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('delete-confirm-input').fill(SUB);
  await confirm.click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId(`customer-row-${SUB}`)).toHaveCount(0, { timeout: 60_000 });
  await expect.poll(async () => (await api(baseURL as string, 'GET', `/api/customers/${customerId}`)).status, { timeout: 30_000 }).toBe(404);
});

test('a failed deploy names the failing step and its reason; Retry after the fix reaches active', async ({ baseURL }) => {
  const sub = uniqueSubdomain('e2e-fail');
  created.push(sub);
  const broken = await api(baseURL as string, 'PUT', '/api/settings', { caddy_image: 'netbird-msp-standin/missing:test' });
  expect(broken.status).toBe(200);
  try {
    await page.goto('/customers/new');
    await page.getByLabel('Name').fill('Failing Ltd');
    await page.getByLabel('Subdomain').fill(sub);
    await page.getByLabel('Contact email').fill('it@failing.example');
    await page.getByTestId('customer-submit').click();
    const failed = page.getByTestId('deploy-failed');
    await expect(failed).toContainText('The deployment failed at “Check images”', { timeout: 60_000 });
    await expect(failed).toContainText('missing:test');
    await expect(page.getByTestId('step-images')).toHaveAttribute('data-state', 'failed');
    await screenshot(page, 'new-customer-failed-en');
  } finally {
    await api(baseURL as string, 'PUT', '/api/settings', { caddy_image: 'netbird-msp-standin/caddy:test' });
  }
  await page.getByTestId('retry-deploy').click();
  await expect(page.getByTestId('deploy-succeeded')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('step-images')).toHaveAttribute('data-state', 'succeeded');
});
