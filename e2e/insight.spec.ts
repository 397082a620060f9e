import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import type { FakeNpm } from '../tests/fakes/fake-npm';
import { api, configureAppliance, removeLeftovers, uniqueSubdomain } from './customers-fixture';
import { failOnConsoleErrors, signIn } from './helpers';
import { STANDIN_IMAGES } from '../tests/helpers/standin-images';

// The NetBird card of a deployed tenant: figures read from its API (the stand-in), the token
// expiry, an admin's rotation, and the list's NetBird columns and filter.
test.describe.configure({ mode: 'serial' });

const SUB = uniqueSubdomain('in-e2e');
let npm: FakeNpm;
let page: Page;
let errors: string[];
let customerId = '';

function dbPathOf(port: string): string {
  return fs.readFileSync(`/tmp/nbmsp-e2e-${port}.db-path`, 'utf8').trim();
}

function managementDir(port: string): string {
  return path.join(path.dirname(dbPathOf(port)), 'tenants', SUB, 'data', 'management');
}

test.beforeAll(async ({ browser, baseURL }) => {
  npm = await configureAppliance(baseURL as string);
  // On a machine shared by several checkouts the `test` stand-in images may be rebuilt from
  // another checkout's scripts; STANDIN_TAG selects images built under a tag of one's own.
  const tag = process.env.STANDIN_TAG;
  if (tag) {
    const images = Object.fromEntries(Object.entries(STANDIN_IMAGES).map(([k, v]) => [k, v.replace(/:test$/, `:${tag}`)]));
    expect((await api(baseURL as string, 'PUT', '/api/settings', images)).status).toBe(200);
  }
  const created = await api<{ customer: { id: string; status: string } }>(baseURL as string, 'POST', '/api/customers?wait=true', { name: 'Insight Corp', subdomain: SUB, email: 'it@insight.example', max_devices: 2 });
  expect(created.body.customer.status).toBe('active');
  customerId = created.body.customer.id;
  const peer = (n: number, connected: boolean, version: string) => ({ id: `p${n}`, name: `peer-${n}`, connected, last_seen: '2026-11-29T10:00:00Z', os: 'linux', version });
  fs.writeFileSync(path.join(managementDir(new URL(baseURL as string).port), 'standin-peers.json'), JSON.stringify([peer(1, true, '0.60.1'), peer(2, true, '0.60.1'), peer(3, false, '0.59.0')]));
  const context = await browser.newContext();
  page = await context.newPage();
  errors = failOnConsoleErrors(page);
  await signIn(page);
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

test.afterAll(async ({ baseURL }) => {
  if (customerId) await api(baseURL as string, 'DELETE', `/api/customers/${customerId}`);
  removeLeftovers([SUB]);
  await page?.context().close();
  await npm?.stop();
});

test('the customer page shows the token expiry; after a rotation the card shows peers, versions and the management version', async () => {
  await page.goto(`/customers/${customerId}`);
  const card = page.getByTestId('netbird-card');
  await expect(card).toBeVisible();
  // Owner setup gave the appliance its own token (about 180 days).
  await expect(card.getByTestId('netbird-token-expiry')).toContainText(String(new Date(Date.now() + 180 * 86_400_000).getFullYear()));
  await card.getByTestId('netbird-rotate').click();
  await expect(card.getByTestId('netbird-rotated')).toBeVisible();
  // The rotation reads the tenant again in the background; the page polls the cached figures.
  await expect(card.getByTestId('netbird-peers')).toContainText('2 of 3', { timeout: 30_000 });
  await expect(card.getByTestId('netbird-over-devices')).toBeVisible();
  await expect(card.getByTestId('netbird-versions')).toContainText('0.60.1: 2 peers');
  await expect(card.getByTestId('netbird-versions')).toContainText('0.59.0: 1 peer');
  await expect(card.getByTestId('netbird-version')).toContainText('0.77.1');
  await expect(card.getByTestId('netbird-users')).toHaveText('1');
  await expect(card.getByTestId('netbird-stale')).toHaveCount(0);
});

test('the list shows peers online and filters by over max devices', async () => {
  await page.goto('/');
  const row = page.getByTestId(`customer-row-${SUB}`);
  await expect(row.getByTestId('cell-peers-online')).toContainText('2 of 3');
  await page.getByTestId('filter-over_devices').selectOption('true');
  await expect(row).toBeVisible();
  await page.getByTestId('filter-over_devices').selectOption('false');
  await expect(row).toHaveCount(0);
});

test('a tenant set up by its customer: the card takes a pasted token, names a refused one on its field, then gathers', async ({ baseURL }) => {
  const port = new URL(baseURL as string).port;
  // As after the customer's own setup through the setup URL: the appliance holds no NetBird token.
  const sqlite = new Database(dbPathOf(port));
  sqlite.prepare('UPDATE Deployment SET ownerToken = NULL, insightToken = NULL, insightTokenId = NULL, insightTokenExpiresAt = NULL, insightUserId = NULL WHERE customerId = ?').run(customerId);
  sqlite.close();
  // The owner's own token, as the customer would create it in NetBird's dashboard; a fourth peer shows the new read.
  const ownerToken = fs.readFileSync(path.join(managementDir(port), 'standin-pat'), 'utf8').trim();
  const peers = JSON.parse(fs.readFileSync(path.join(managementDir(port), 'standin-peers.json'), 'utf8')) as unknown[];
  fs.writeFileSync(path.join(managementDir(port), 'standin-peers.json'), JSON.stringify([...peers, { id: 'p4', name: 'peer-4', connected: false, last_seen: '2026-11-29T10:00:00Z', os: 'linux', version: '0.60.1' }]));

  await page.goto(`/customers/${customerId}`);
  const card = page.getByTestId('netbird-card');
  const form = card.getByTestId('netbird-token-form');
  await expect(form).toBeVisible();
  await form.locator('#netbird-token').fill(`nbp_${'x'.repeat(36)}`);
  await form.getByTestId('netbird-token-save').click();
  await expect(form.getByTestId('error-netbird-token')).toContainText('NetBird refused this token');
  // Chromium logs the refused request itself (the 422 this step provokes); that one entry is expected, nothing else.
  await expect.poll(() => errors.filter((e) => e.includes('status of 422')).length).toBe(1);
  errors.splice(errors.findIndex((e) => e.includes('status of 422')), 1);
  await form.locator('#netbird-token').fill(ownerToken);
  await form.getByTestId('netbird-token-save').click();
  await expect(card.getByTestId('netbird-peers')).toContainText('2 of 4', { timeout: 30_000 });
  // The appliance's own service token (about 180 days) replaces the need for the form.
  await expect(card.getByTestId('netbird-token-expiry')).toContainText(String(new Date(Date.now() + 180 * 86_400_000).getFullYear()));
  await expect(card.getByTestId('netbird-token-form')).toHaveCount(0);
  const audit = await api<{ items: { action: string; details: unknown }[] }>(baseURL as string, 'GET', '/api/audit?action=customer.netbird_token_set');
  const entry = audit.body.items.find((e) => e.action === 'customer.netbird_token_set');
  expect(entry).toBeDefined();
  expect(JSON.stringify(entry)).not.toContain(ownerToken);
});
