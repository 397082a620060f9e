import { expect, test, type Page } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { failOnConsoleErrors } from './helpers';
import { adminToken, appErrors, signInAs } from './session-helpers';

/** Settings → Notifications in a real browser: the editor, a test message to a real receiver, the delivery log, in English and German. */
let receiver: http.Server;
let hookUrl = '';
const received: string[] = [];
let errors: string[] = [];

async function api(baseURL: string, method: string, path: string): Promise<Response> {
  const token = await adminToken(baseURL);
  return fetch(`${baseURL}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
}

async function openNotifications(page: Page): Promise<void> {
  await page.getByTestId('tab-notifications').click();
  await expect(page.getByTestId('tab-notifications')).toHaveClass(/active/);
}

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/e2e-hook`;
});

test.afterAll(async ({ baseURL }) => {
  const res = await api(baseURL as string, 'GET', '/api/notifications/channels');
  const { items } = (await res.json()) as { items: { id: string; name: string }[] };
  for (const c of items.filter((x) => x.name.startsWith('E2E'))) await api(baseURL as string, 'DELETE', `/api/notifications/channels/${c.id}`);
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

test.beforeEach(({ page }) => {
  errors = failOnConsoleErrors(page);
});

test.afterEach(() => {
  expect(appErrors(errors)).toEqual([]);
});

test('English: a webhook channel is refused without its fields, saved, tested, and its delivery logged', async ({ page }) => {
  await signInAs(page);
  await openNotifications(page);
  await page.getByTestId('add-channel').click();
  const editor = page.getByTestId('channel-editor');
  await editor.getByTestId('save-channel').click();
  await expect(editor.getByTestId('error-channel-name')).toBeVisible();
  await editor.getByLabel('Name').fill('E2E hook');
  await editor.getByLabel('Webhook URL').fill(hookUrl);
  // The signing secret is required for a generic webhook: the server says which field.
  await editor.getByTestId('save-channel').click();
  await expect(editor.getByTestId('error-channel-signing_secret')).toBeVisible();
  await editor.getByLabel('Signing secret').fill('e2e-signing-secret-0123456789');
  await editor.getByLabel('Tenant down').check();
  await editor.getByTestId('save-channel').click();
  await expect(page.getByTestId('toast-success').last()).toContainText('Channel saved');
  const row = page.getByTestId('channel-E2E hook');
  await expect(row).toContainText(new URL(hookUrl).host);
  await expect(row).not.toContainText('e2e-hook');

  await row.getByRole('button', { name: 'Send test' }).click();
  await expect(page.getByTestId('toast-success').last()).toContainText('Test message queued for E2E hook');
  const log = page.getByTestId('delivery-log');
  await expect(log.getByTestId('delivery-row').first()).toContainText('Sent');
  await expect(log.getByTestId('delivery-row').first()).toContainText('200');
  expect(received).toHaveLength(1);
  expect(JSON.parse(received[0])).toMatchObject({ event: 'test', phase: 'test' });
  expect(received[0]).not.toContain('e2e-signing-secret');
});

test('German: the same channel and its delivery log', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' } });
  const page = await context.newPage();
  errors = failOnConsoleErrors(page);
  await signInAs(page);
  await page.getByTestId('tab-notifications').click();
  await expect(page.getByTestId('tab-notifications')).toHaveText('Benachrichtigungen');
  await expect(page.getByRole('heading', { name: 'Kanäle' })).toBeVisible();
  await expect(page.getByTestId('channel-E2E hook')).toContainText('Webhook (JSON, signiert)');
  await expect(page.getByRole('heading', { name: 'Zustellprotokoll' })).toBeVisible();
  await expect(page.getByTestId('delivery-log').getByTestId('delivery-row').first()).toContainText('Gesendet');
  await page.getByTestId('channel-E2E hook').getByRole('button', { name: 'Bearbeiten' }).click();
  await expect(page.getByTestId('channel-editor').getByText('Gespeichert; leer lassen, um es zu behalten.').first()).toBeVisible();
  await context.close();
});
