import { expect, test } from '@playwright/test';
import { testHostFacts } from '../tests/helpers/test-host';
import { api, uniqueSubdomain } from './customers-fixture';
import { failOnConsoleErrors, signIn } from './helpers';

/**
 * Docker hosts on the customer pages: nothing about hosts while the local engine is the only one;
 * with a second host the New-customer form offers a host select and the list a host filter. The
 * API refuses an unknown host (422, host_id) and a cordoned one (409) and creates nothing.
 */
test.describe.configure({ mode: 'serial' });

let hostId = '';

test.afterAll(async ({ baseURL }) => {
  if (hostId) await api(baseURL as string, 'DELETE', `/api/hosts/${hostId}`);
});

test('hosts show on the customer pages only once there is more than one', async ({ page, baseURL }) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page);
  await page.goto('/customers/new');
  await expect(page.getByTestId('customer-form')).toBeVisible();
  await expect(page.locator('#customer-host_id')).toHaveCount(0);
  await page.goto('/');
  await expect(page.getByTestId('status-filter')).toBeVisible();
  await expect(page.getByTestId('host-filter')).toHaveCount(0);

  const th = await testHostFacts();
  const name = uniqueSubdomain('e2e-host');
  const created = await api<{ id: string }>(baseURL as string, 'POST', '/api/hosts', { name, endpoint: th.tcp, tls_ca: th.ca, tls_cert: th.cert, tls_key: th.key, public_address: th.address });
  expect(created.status).toBe(201);
  hostId = created.body.id;

  await page.goto('/customers/new');
  const select = page.locator('#customer-host_id');
  await expect(select).toBeVisible();
  await expect(select.locator('option')).toHaveText(['Automatic', 'local', name]);
  await page.goto('/');
  await expect(page.getByTestId('host-filter')).toBeVisible();
  await page.getByTestId('host-filter').selectOption(hostId);
  await expect(page.getByTestId('customers-empty')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the API refuses an unknown host (422 naming host_id) and a cordoned one (409), creating nothing', async ({ baseURL }) => {
  const url = baseURL as string;
  const count = async () => (await api<{ total: number }>(url, 'GET', '/api/customers?per_page=1')).body.total;
  const before = await count();
  const body = { name: 'Hosted', subdomain: uniqueSubdomain('e2e-hosted'), email: 'h@example.com', max_devices: 3 };
  const unknown = await api<{ error: { code: string; details: { fields: { path: string }[] } } }>(url, 'POST', '/api/customers', { ...body, host_id: 'no-such-host' });
  expect(unknown.status).toBe(422);
  expect(unknown.body.error.details.fields.map((f) => f.path)).toEqual(['host_id']);
  expect((await api(url, 'PUT', `/api/hosts/${hostId}`, { state: 'cordoned' })).status).toBe(200);
  const cordoned = await api<{ error: { code: string } }>(url, 'POST', '/api/customers', { ...body, host_id: hostId });
  expect(cordoned.status).toBe(409);
  expect(cordoned.body.error.code).toBe('HOST_NOT_READY');
  expect(await count()).toBe(before);
});
