import { expect, test, type Page } from '@playwright/test';
import { ADMIN, failOnConsoleErrors } from './helpers';
import { adminToken, appErrors, signInAs } from './session-helpers';

const PASSWORD = 'a-long-password-for-e2e';
let errors: string[] = [];

async function api<T>(baseURL: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const token = await adminToken(baseURL);
  const res = await fetch(`${baseURL}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

async function findUser(baseURL: string, username: string): Promise<{ id: string; role: string; disabled: boolean } | undefined> {
  const { body } = await api<{ items: { id: string; username: string; role: string; disabled: boolean }[] }>(baseURL, 'GET', '/api/users');
  return body.items.find((u) => u.username === username);
}

async function confirm(page: Page): Promise<void> {
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
}

test.beforeEach(async ({ page }) => {
  errors = failOnConsoleErrors(page);
});

test.afterEach(() => {
  expect(appErrors(errors)).toEqual([]);
});

test('an admin creates a user, changes the role, disables and deletes them', async ({ page, baseURL }) => {
  await signInAs(page, ADMIN.username, ADMIN.password, '/settings?tab=users');
  await page.getByTestId('create-user').click();
  const form = page.getByTestId('user-form');
  await form.getByLabel('Username').fill('e2e-jane');
  await form.getByLabel('Password').fill('short');
  await page.getByTestId('user-form-submit').click();
  await expect(page.getByTestId('error-user-password')).toContainText('12');
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByLabel('Role').selectOption('viewer');
  await page.getByTestId('user-form-submit').click();
  await expect(page.getByTestId('toast-success').last()).toContainText('User e2e-jane created');
  const row = page.getByTestId('user-row-e2e-jane');
  await expect(row.getByTestId('user-role')).toHaveText('Viewer');

  await row.getByTestId('edit-user').click();
  await form.getByLabel('Role').selectOption('operator');
  await form.getByLabel('Language').selectOption('de');
  await page.getByTestId('user-form-submit').click();
  await expect(row.getByTestId('user-role')).toHaveText('Operator');
  expect((await findUser(baseURL as string, 'e2e-jane'))?.role).toBe('operator');

  await row.getByTestId('toggle-user').click();
  await confirm(page);
  await expect(row).toContainText('Disabled');
  expect((await findUser(baseURL as string, 'e2e-jane'))?.disabled).toBe(true);

  await row.getByTestId('delete-user').click();
  await confirm(page);
  await expect(row).toHaveCount(0);
  expect(await findUser(baseURL as string, 'e2e-jane')).toBeUndefined();
});

test('disabling the last admin is refused with a clear message', async ({ page }) => {
  await signInAs(page, ADMIN.username, ADMIN.password, '/settings?tab=users');
  await page.getByTestId('user-row-admin').getByTestId('toggle-user').click();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('toast-danger').last()).toContainText('last active administrator');
  await expect(page.getByTestId('user-row-admin')).toContainText('Active');
});

test('an API token is shown once, works, and stops working when revoked', async ({ page, baseURL }) => {
  await signInAs(page, ADMIN.username, ADMIN.password, '/settings?tab=tokens');
  await page.getByLabel('Name').fill('e2e-script');
  await page.getByTestId('create-token').click();
  const value = page.getByTestId('new-token-value');
  await expect(value).toHaveText(/^nbmsp_/);
  const token = (await value.textContent()) as string;
  const me = await fetch(`${baseURL}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);

  await page.reload();
  await expect(page.getByTestId('new-token-value')).toHaveCount(0);
  const row = page.getByTestId('token-row-e2e-script');
  await expect(row).toContainText(token.slice(0, 12));
  await expect(page.locator('body')).not.toContainText(token);

  await row.getByTestId('revoke-token').click();
  await confirm(page);
  await expect(row).toHaveCount(0);
  const after = await fetch(`${baseURL}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(after.status).toBe(401);
});

test('a viewer sees only their API tokens and no admin actions; a forged action call is refused', async ({ page, browser, baseURL }) => {
  expect((await api(baseURL as string, 'POST', '/api/users', { username: 'e2e-settings-viewer', password: PASSWORD, role: 'viewer' })).status).toBe(201);
  const viewerId = (await findUser(baseURL as string, 'e2e-settings-viewer'))?.id as string;

  // Learn the id and wire format of the real "update user" action from an admin's page.
  await signInAs(page, ADMIN.username, ADMIN.password, '/settings?tab=users');
  const actionRequest = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
  await page.getByTestId('user-row-e2e-settings-viewer').getByTestId('edit-user').click();
  await page.getByTestId('user-form').getByLabel('Language').selectOption('en');
  await page.getByTestId('user-form-submit').click();
  const captured = await actionRequest;
  const actionId = captured.headers()['next-action'];
  expect(captured.postData()).toContain(viewerId);

  const context = await browser.newContext();
  const viewer = await context.newPage();
  const viewerErrors = failOnConsoleErrors(viewer);
  await signInAs(viewer, 'e2e-settings-viewer', PASSWORD);
  await expect(viewer.getByTestId('tab-tokens')).toBeVisible();
  for (const tab of ['system', 'proxy', 'images', 'branding', 'sso', 'backups', 'users', 'audit']) await expect(viewer.getByTestId(`tab-${tab}`)).toHaveCount(0);
  await expect(viewer.getByTestId('create-user')).toHaveCount(0);
  await expect(viewer.getByTestId('save-system')).toHaveCount(0);
  await viewer.goto('/settings?tab=users');
  await expect(viewer.getByTestId('users-table')).toHaveCount(0);
  await viewer.screenshot({ path: 'test-results/screens/settings-viewer.png', fullPage: true });

  // The viewer replays the action with their own session, trying to make themselves admin.
  const forged = await viewer.evaluate(
    async ({ id, actionId }) => {
      const res = await fetch('/settings', {
        method: 'POST',
        headers: { 'Next-Action': actionId, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
        body: JSON.stringify([id, { role: 'admin' }]),
      });
      return { status: res.status, text: await res.text() };
    },
    { id: viewerId, actionId },
  );
  expect(forged.text).toContain('FORBIDDEN');
  expect((await findUser(baseURL as string, 'e2e-settings-viewer'))?.role).toBe('viewer');
  // And the REST route says the same (through the context's client, so the browser logs no failed request).
  const rest = await viewer.request.put(`/api/users/${viewerId}`, { data: { role: 'admin' } });
  expect(rest.status()).toBe(403);
  expect(appErrors(viewerErrors)).toEqual([]);
  await context.close();
});

test('the audit log filters by action and pages through the events', async ({ page, baseURL }) => {
  // Enough events for a second page: each change writes one.
  for (let i = 0; i < 26; i++) expect((await api(baseURL as string, 'PUT', '/api/settings', { deploy_concurrency: (i % 5) + 1 })).status).toBe(200);
  await signInAs(page, ADMIN.username, ADMIN.password, '/settings?tab=audit');
  const table = page.getByTestId('audit-table');
  await expect(table).toBeVisible();
  await expect(page.getByTestId('audit-page')).toContainText(/Page 1 of (?:[2-9]|[1-9]\d+) /);
  await page.getByTestId('audit-next').click();
  await expect(page.getByTestId('audit-page')).toContainText('Page 2 of');
  await expect(page.getByTestId('audit-prev')).toBeEnabled();

  await page.getByLabel('Action').fill('user.create');
  await page.getByTestId('audit-apply').click();
  await expect(page.getByTestId('audit-page')).toContainText(/Page 1 of 1 \(/);
  const actions = await table.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(['user.create']));
  await page.getByLabel('Who').fill('nobody-by-this-name');
  await page.getByTestId('audit-apply').click();
  await expect(page.getByText('No events match these filters.')).toBeVisible();
  await api(baseURL as string, 'PUT', '/api/settings', { deploy_concurrency: 3 });
});
