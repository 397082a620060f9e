import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { FakeNpm } from '../tests/fakes/fake-npm';
import { api, configureAppliance, removeLeftovers, screenshot, uniqueSubdomain } from './customers-fixture';
import { failOnConsoleErrors, signIn } from './helpers';

// One admin adds the test host (TLS) in Settings → Hosts, tests it, creates a customer placed on
// it, and moves that customer back to the appliance's own engine, watching the move's steps live.
test.describe.configure({ mode: 'serial' });

const SUB = uniqueSubdomain('mv-e2e');
const HOST_NAME = `mv-th-${SUB.slice(-6)}`;
let npm: FakeNpm;
let page: Page;
let errors: string[];
let customerId = '';
let hostId = '';
let sshHostId = '';
let repoDir = '';

interface TestHostFacts {
  address: string;
  tcp: string;
  ssh: string;
  ca: string;
  cert: string;
  key: string;
  sshKey: string;
}

/** The test host's address and TLS material, from scripts/test-host.sh itself (started if needed). */
function testHost(): TestHostFacts {
  const script = path.resolve('scripts/test-host.sh');
  execFileSync('bash', [script, 'up'], { timeout: 120_000, stdio: 'ignore' });
  execFileSync('bash', [script, 'load-images'], { timeout: 180_000, stdio: 'ignore' });
  const f = Object.fromEntries(execFileSync('bash', [script, 'env'], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
  const read = (p: string) => fs.readFileSync(p, 'utf8');
  return { address: f.TEST_HOST_ADDRESS, tcp: f.TEST_HOST_TCP, ssh: f.TEST_HOST_SSH, ca: read(f.TEST_HOST_CA), cert: read(f.TEST_HOST_CERT), key: read(f.TEST_HOST_KEY), sshKey: read(f.TEST_HOST_SSH_KEY) };
}

/** Keeps every text the running-job card showed, so short steps are not missed between two renders. */
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
  test.setTimeout(300_000);
  npm = await configureAppliance(baseURL as string);
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbmsp-e2e-move-'));
  const repo = await api(baseURL as string, 'PUT', '/api/settings/backups', { repository_type: 'local', local_path: repoDir });
  expect(repo.status).toBe(200);
  page = await (await browser.newContext()).newPage();
  errors = failOnConsoleErrors(page);
  await signIn(page);
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

test.afterAll(async ({ baseURL }) => {
  const base = baseURL as string;
  if (customerId) {
    await api(base, 'DELETE', `/api/customers/${customerId}`);
    await expect.poll(async () => (await api(base, 'GET', `/api/customers/${customerId}`)).status, { timeout: 120_000 }).toBe(404);
  }
  if (hostId) await api(base, 'DELETE', `/api/hosts/${hostId}`);
  if (sshHostId) await api(base, 'DELETE', `/api/hosts/${sshHostId}`);
  removeLeftovers([SUB]);
  fs.rmSync(repoDir, { recursive: true, force: true });
  await npm?.stop();
});

test('Settings → Hosts adds the test host over TLS and its connection test answers', async () => {
  const th = testHost();
  await page.goto('/settings?tab=hosts');
  await page.getByTestId('create-host').click();
  const form = page.getByTestId('host-form');
  await form.locator('#host-name').fill(HOST_NAME);
  await form.locator('#host-endpoint').fill(th.tcp);
  await form.locator('#host-tls_ca').fill(th.ca);
  await form.locator('#host-tls_cert').fill(th.cert);
  await form.locator('#host-tls_key').fill(th.key);
  await form.locator('#host-public_address').fill(th.address);
  await form.getByTestId('host-form-submit').click();
  const row = page.getByTestId(`host-row-${HOST_NAME}`);
  await expect(row).toBeVisible();
  await row.getByTestId('test-host').click();
  await expect(row.getByTestId('host-engine')).toContainText(/\d+\.\d+/, { timeout: 60_000 });
  // What the test found: which configured images the host has, and when it was last reached.
  await expect(row.getByTestId('host-images')).toContainText(/\d of 5 images present/);
  await expect(row.getByTestId('host-contact')).toContainText('last contact');
  const hosts = await api<{ items: { id: string; name: string; state: string }[] }>(page.url().replace(/\/settings.*/, ''), 'GET', '/api/hosts');
  const added = hosts.body.items.find((h) => h.name === HOST_NAME);
  expect(added?.state).toBe('ready');
  hostId = added?.id ?? '';
  await screenshot(page, 'hosts-added');
});

test('an SSH host is pinned to the host key given in the form; editing names bad values on their field', async ({ baseURL }) => {
  const th = testHost();
  const name = `${HOST_NAME}-ssh`;
  const wrongPin = `SHA256:${'A'.repeat(42)}E`;
  await page.goto('/settings?tab=hosts');
  await page.getByTestId('create-host').click();
  const form = page.getByTestId('host-form');
  await form.locator('#host-name').fill(name);
  await form.locator('#host-endpoint').fill(th.ssh);
  await form.locator('#host-ssh_private_key').fill(th.sshKey);
  await form.locator('#host-ssh_host_key').fill(wrongPin);
  await form.locator('#host-public_address').fill(th.address);
  await form.getByTestId('host-form-submit').click();
  const row = page.getByTestId(`host-row-${name}`);
  await expect(row).toBeVisible();
  const added = await api<{ items: { id: string; name: string; ssh_host_key: string | null }[] }>(baseURL as string, 'GET', '/api/hosts');
  sshHostId = added.body.items.find((h) => h.name === name)?.id ?? '';
  expect(added.body.items.find((h) => h.name === name)?.ssh_host_key).toBe(wrongPin);
  // The real sshd offers another key: the pinned fingerprint refuses it.
  await row.getByTestId('test-host').click();
  await expect(row.getByTestId('host-error')).toBeVisible({ timeout: 30_000 });

  await row.getByTestId('edit-host').click();
  await expect(form.locator('#host-ssh_host_key')).toHaveValue(wrongPin);
  await form.locator('#host-ssh_host_key').fill('');
  await form.locator('#host-tenant_root').fill('nb-e2e/tenants');
  await form.getByTestId('host-form-submit').click();
  await expect(form.getByTestId('error-host-tenant_root')).toContainText('absolute directory');
  await form.locator('#host-tenant_root').fill('/var/tmp/nb-e2e/tenants');
  // Half a port range is named on the field the other end belongs in.
  await form.locator('#host-dashboard_port_start').fill('39000');
  await form.getByTestId('host-form-submit').click();
  await expect(form.getByTestId('error-host-dashboard_port_end')).toBeVisible();
  await form.locator('#host-dashboard_port_end').fill('39009');
  await form.getByTestId('host-form-submit').click();
  await expect(form).toBeHidden();
  // No pin: the next successful test pins the key it sees.
  await row.getByTestId('test-host').click();
  await expect(row.getByTestId('host-engine')).toContainText(/\d+\.\d+/, { timeout: 60_000 });
  const saved = await api<{ tenant_root: string; ssh_host_key: string | null; dashboard_ports: unknown }>(baseURL as string, 'GET', `/api/hosts/${sshHostId}`);
  expect(saved.body.tenant_root).toBe('/var/tmp/nb-e2e/tenants');
  expect(saved.body.dashboard_ports).toEqual({ start: 39000, end: 39009 });
  expect(saved.body.ssh_host_key).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  expect(saved.body.ssh_host_key).not.toBe(wrongPin);
  await row.getByTestId('edit-host').click();
  await expect(form.locator('#host-ssh_host_key')).toHaveValue(saved.body.ssh_host_key as string);
  await expect(form.locator('#host-tenant_root')).toHaveValue('/var/tmp/nb-e2e/tenants');
  await expect(form.locator('#host-dashboard_port_start')).toHaveValue('39000');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await screenshot(page, 'hosts-ssh-pinned');
  // Not a placement target for the customer below.
  expect((await api(baseURL as string, 'DELETE', `/api/hosts/${sshHostId}`)).status).toBe(200);
  sshHostId = '';
});

test('a customer created on the test host runs there', async ({ baseURL }) => {
  await page.goto('/customers/new');
  await page.locator('#customer-name').fill('Move Browser AG');
  await page.locator('#customer-subdomain').fill(SUB);
  await page.locator('#customer-email').fill('it@move.example');
  await page.locator('#customer-host_id').selectOption(hostId);
  await page.getByRole('button', { name: /create/i }).click();
  await expect
    .poll(async () => {
      const list = await api<{ items: { id: string; subdomain: string; status: string }[] }>(baseURL as string, 'GET', `/api/customers?search=${SUB}`);
      const c = list.body.items.find((x) => x.subdomain === SUB);
      customerId = c?.id ?? '';
      return c?.status;
    }, { timeout: 180_000, intervals: [1000] })
    .toBe('active');
  const where = await api<{ host_id: string }>(baseURL as string, 'GET', `/api/customers/${customerId}/move`);
  expect(where.body.host_id).toBe(hostId);
});

test('moving it back to the local host shows the steps live and the downtime at the end', async ({ baseURL }) => {
  test.setTimeout(300_000);
  await page.goto(`/customers/${customerId}?tab=settings`);
  const card = page.getByTestId('move-card');
  await expect(card.getByTestId('move-current-host')).toContainText(HOST_NAME);
  await recordActiveJob(page);
  await card.getByTestId('move-host-select').selectOption('local');
  await card.getByTestId('move-tenant').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
  await expect(card.getByTestId('last-move')).toHaveAttribute('data-state', 'succeeded', { timeout: 240_000 });
  await expect(card.getByTestId('move-downtime')).toContainText(/Downtime: \d/);
  await expect(card.getByTestId('move-current-host')).toContainText('this appliance');
  const live = await seenJob(page);
  for (const step of ['Stop the source (downtime starts)', 'Copy the data to the target', 'Switch the proxy host to the target', 'Record the new host and ports']) expect(live).toContain(step);
  const move = await api<{ host_id: string; move: { downtime_ms: number; state: string } }>(baseURL as string, 'GET', `/api/customers/${customerId}/move`);
  expect(move.body.host_id).toBe('local');
  expect(move.body.move.downtime_ms).toBeGreaterThan(0);
  await screenshot(page, 'customer-moved');
});
