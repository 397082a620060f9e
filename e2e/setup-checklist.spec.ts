import { expect, test } from '@playwright/test';
import { apiToken, failOnConsoleErrors, signIn } from './helpers';

// A fresh appliance of its own (playwright.config.ts: project fresh-appliance): no base domain, no Nginx Proxy Manager, the default NetBird
// images, which this host does not have and whose registry it cannot reach.
test.describe.configure({ mode: 'serial' });

test('the API refuses the checklist without a session and without settings access', async ({ baseURL }) => {
  expect((await fetch(`${baseURL}/api/setup`)).status).toBe(401);
  const token = await apiToken(baseURL as string);
  const viewer = { username: 'setup-viewer', password: 'Setup-viewer-password-1' };
  const created = await fetch(`${baseURL}/api/users`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...viewer, role: 'viewer' }) });
  expect(created.status).toBe(201);
  const viewerToken = await apiToken(baseURL as string, viewer.username, viewer.password);
  expect((await fetch(`${baseURL}/api/setup`, { headers: { Authorization: `Bearer ${viewerToken}` } })).status).toBe(403);
  const res = await fetch(`${baseURL}/api/setup`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { done: boolean; items: { id: string; ok: boolean; reason?: string; images?: { image: string; registry: string; present: boolean; pullable: boolean | null; error?: string }[] }[] };
  expect(body.done).toBe(false);
  const byId = Object.fromEntries(body.items.map((i) => [i.id, i]));
  expect(byId.base_domain).toMatchObject({ ok: false, reason: 'missing' });
  expect(byId.npm).toMatchObject({ ok: false, reason: 'missing' });
  expect(byId.docker).toMatchObject({ ok: true });
  // Checked, not guessed: the engine asked docker.io and was refused.
  const management = byId.images.images?.find((i) => i.image.startsWith('netbirdio/management'));
  expect(management).toMatchObject({ present: false, pullable: false, registry: 'docker.io' });
  expect(management?.error).toBeTruthy();
});

test('a fresh appliance shows the checklist with what to do, in English', async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page);
  const list = page.getByTestId('setup-checklist');
  await expect(list).toBeVisible();
  await expect(list.getByRole('heading', { name: 'Finish setting up the appliance' })).toBeVisible();
  await expect(page.getByTestId('setup-item-base_domain')).toHaveAttribute('data-done', 'false');
  await expect(page.getByTestId('setup-item-base_domain')).toContainText('Set the base domain');
  await expect(page.getByTestId('setup-item-npm')).toContainText('Enter the Nginx Proxy Manager API address');
  await expect(page.getByTestId('setup-item-docker')).toHaveAttribute('data-done', 'true');
  const images = page.getByTestId('setup-missing-images');
  await expect(images).toContainText('netbirdio/management:0.77.1');
  await expect(images).toContainText('docker.io could not provide it');
  await expect(images).toContainText('docker load -i image.tar');
  await page.getByTestId('setup-item-base_domain').getByRole('link', { name: 'Open the setting' }).click();
  await expect(page).toHaveURL(/\/settings\?tab=system/);
  expect(errors).toEqual([]);
});

test('the checklist in German, and an item done disappears from the open ones', async ({ page, baseURL }) => {
  await signIn(page);
  await page.getByTestId('language-switcher').first().selectOption('de');
  const list = page.getByTestId('setup-checklist');
  await expect(list.getByRole('heading', { name: 'Einrichtung der Appliance abschließen' })).toBeVisible();
  await expect(page.getByTestId('setup-item-base_domain')).toContainText('Legen Sie die Basis-Domain fest');
  await expect(page.getByTestId('setup-missing-images')).toContainText('docker.io konnte es nicht liefern');
  const token = await apiToken(baseURL as string);
  const res = await fetch(`${baseURL}/api/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ base_domain: 'setup-e2e.example.com' }) });
  expect(res.status).toBe(200);
  await page.reload();
  await expect(page.getByTestId('setup-item-base_domain')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('setup-item-npm')).toHaveAttribute('data-done', 'false');
  // Back to English for the specs that follow on the same server.
  await page.getByTestId('language-switcher').first().selectOption('en');
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
});
