import { execFileSync } from 'node:child_process';
import { removeContainers } from './customers-fixture';
import { expect, test, type Page } from '@playwright/test';
import { startFakeNpm, type FakeNpm } from '../tests/fakes/fake-npm';
import { apiToken, failOnConsoleErrors, signIn } from './helpers';
import { STANDIN_IMAGES } from '../tests/helpers/standin-images';

const NPM = { email: 'automation@example.com', password: 'Fake-NPM-Passw0rd-for-monitoring' };

let fakeNpm: FakeNpm;
let saved: Record<string, unknown> = {};
const customerIds: string[] = [];
let errors: string[] = [];

async function api(baseURL: string, method: string, path: string, body?: unknown): Promise<Response> {
  const token = await apiToken(baseURL);
  return fetch(`${baseURL}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function waitForActive(baseURL: string, id: string): Promise<void> {
  await expect
    .poll(async () => ((await (await api(baseURL, 'GET', `/api/customers/${id}`)).json()) as { status: string }).status, { timeout: 90_000, intervals: [500] })
    .toBe('active');
}

async function memoryColumn(page: Page): Promise<number[]> {
  const values = await page.getByTestId('usage-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-memory') ?? ''));
  return values.filter((v) => v !== '').map(Number);
}

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(240_000);
  const base = baseURL as string;
  fakeNpm = await startFakeNpm({ email: NPM.email, password: NPM.password });
  const current = (await (await api(base, 'GET', '/api/settings')).json()) as Record<string, unknown>;
  // Put back afterwards, so other specs see the settings they expect.
  saved = Object.fromEntries(Object.entries(current).filter(([k]) => !k.startsWith('effective_') && !k.endsWith('_set')));
  const put = await api(base, 'PUT', '/api/settings', { ...STANDIN_IMAGES, base_domain: 'monitoring.example.com', npm_api_url: fakeNpm.url, npm_api_email: NPM.email, npm_api_password: NPM.password, ssl_mode: 'letsencrypt' });
  expect(put.status).toBe(200);
  const suffix = Date.now().toString(36).slice(-5);
  for (const [name, sub] of [['Nordwind AG', `nordwind-${suffix}`], ['Alpenblick GmbH', `alpenblick-${suffix}`]]) {
    const res = await api(base, 'POST', '/api/customers', { name, subdomain: sub, email: 'ops@example.com', max_devices: 10 });
    expect(res.status).toBe(201);
    customerIds.push(((await res.json()) as { customer: { id: string } }).customer.id);
  }
  for (const id of customerIds) await waitForActive(base, id);
});

test.afterAll(async ({ baseURL }) => {
  const base = baseURL as string;
  for (const id of customerIds) await api(base, 'DELETE', `/api/customers/${id}`);
  // The delete jobs may still run when the server stops after the last spec: remove the stacks by label too.
  for (const id of customerIds) {
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=netbird-msp.customer=${id}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (ids.length) removeContainers(ids, `label=netbird-msp.customer=${id}`);
  }
  await api(base, 'PUT', '/api/auth/me', { language: null });
  await api(base, 'PUT', '/api/settings', { ...saved, npm_api_password: '' });
  await fakeNpm?.stop();
});

test.beforeEach(async ({ page }) => {
  errors = failOnConsoleErrors(page);
  await signIn(page);
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

test('host cards, a table sorted by memory both ways, and charts that draw', async ({ page }) => {
  await page.goto('/monitoring');
  await expect(page.getByTestId('page-title')).toHaveText('Monitoring');
  for (const card of ['card-cpu', 'card-memory', 'card-disk-data', 'card-disk-database', 'card-load', 'card-docker', 'card-capacity']) {
    await expect(page.getByTestId(card)).toBeVisible();
  }
  await expect(page.getByTestId('card-memory-value')).toContainText('%');
  await expect(page.getByTestId('card-docker-value')).toContainText('running');

  // Both customers get figures once a tenant sample has run (the page polls until then).
  await expect.poll(async () => (await memoryColumn(page)).length, { timeout: 70_000 }).toBe(2);
  const initial = await memoryColumn(page);
  expect(initial.every((m) => m > 0)).toBe(true);
  expect(initial).toEqual([...initial].sort((a, b) => b - a));
  await expect(page.locator('th[aria-sort="descending"]')).toContainText('Memory');

  await page.getByTestId('sort-memory').click();
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Memory');
  await expect.poll(async () => memoryColumn(page)).toEqual([...initial].sort((a, b) => a - b));

  await page.getByTestId('sort-name').click();
  await expect(page.getByTestId('usage-row').first()).toContainText('Alpenblick GmbH');

  // A chart draws once it has data: uPlot puts a sized canvas into the box.
  for (const chart of ['chart-host-plot', 'chart-customer-plot']) {
    const canvas = page.getByTestId(chart).locator('canvas');
    await expect(canvas).toBeVisible({ timeout: 30_000 });
    expect((await canvas.boundingBox())?.width ?? 0).toBeGreaterThan(100);
  }
  await expect(page.getByTestId('chart-customer')).toContainText('Alpenblick GmbH');
  await page.getByTestId('usage-row').filter({ hasText: 'Nordwind AG' }).click();
  await expect(page.getByTestId('chart-customer')).toContainText('Nordwind AG');
  await expect(page.getByTestId('chart-customer-plot').locator('canvas')).toBeVisible();
  await page.getByTestId('sort-memory').click();
  await page.screenshot({ path: 'test-results/screens/monitoring-en.png', fullPage: true });
});

test('in German: headings, figures and the age of the sample', async ({ page, baseURL }) => {
  expect((await api(baseURL as string, 'PUT', '/api/auth/me', { language: 'de' })).status).toBe(200);
  await page.goto('/monitoring');
  await expect(page.getByTestId('page-title')).toHaveText('Überwachung');
  await expect(page.getByTestId('card-memory')).toContainText('Arbeitsspeicher');
  await expect(page.getByTestId('customer-usage')).toContainText('Ressourcen je Kunde');
  await expect(page.getByTestId('sample-age').first()).toContainText('Gemessen');
  await expect(page.getByTestId('chart-host-plot').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('chart-customer-plot').locator('canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/monitoring-de.png', fullPage: true });
});

test('on a 375 px phone the page fits without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/monitoring');
  await expect(page.getByTestId('card-cpu')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/screens/monitoring-phone.png', fullPage: true });
});
