import { expect, test, type Page } from '@playwright/test';
import { ADMIN, apiToken, failOnConsoleErrors } from './helpers';

async function signInAs(page: Page): Promise<void> {
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/auth/callback/credentials', { form: { csrfToken, username: ADMIN.username, password: ADMIN.password, json: 'true' } });
  expect(res.ok()).toBe(true);
}

test('the SSO tab saves an Entra configuration, keeps the secret write-only, and shows the redirect URI', async ({ page, baseURL }) => {
  const errors = failOnConsoleErrors(page);
  await signInAs(page);
  // The saved values arrive late, as on a busy server: what is typed must not be replaced by them when they do.
  let delayed = false;
  await page.route('**/api/settings', async (route) => {
    if (!delayed && route.request().method() === 'GET') {
      delayed = true;
      await new Promise((r) => setTimeout(r, 1500));
    }
    await route.continue();
  });
  const loaded = page.waitForResponse((r) => r.url().endsWith('/api/settings') && r.request().method() === 'GET');
  await page.goto('/settings?tab=sso');
  const form = page.getByTestId('settings-form-sso');
  await expect(page.getByTestId('sso-callback-url')).toHaveText(`${baseURL}/api/auth/callback/sso`);
  await form.getByLabel('Entra tenant ID').fill('11111111-2222-3333-4444-555555555555');
  await form.getByLabel('Client ID (application ID)').fill('app-client-id');
  await form.getByLabel('Client secret').fill('entra-client-secret-value');
  await form.getByLabel('Allowed group IDs (optional)').fill('grp-ops\ngrp-admins');
  await form.getByLabel('Group → role mapping (optional)').fill('grp-admins = admin\nnot a mapping');
  await expect(form.getByText(/not "group = role"/)).toBeVisible();
  await form.getByLabel('Group → role mapping (optional)').fill('grp-admins = admin\ngrp-ops = operator');
  await loaded;
  await expect(form.getByLabel('Entra tenant ID')).toHaveValue('11111111-2222-3333-4444-555555555555');
  await page.getByTestId('save-sso').click();
  await expect(page.getByText('Single sign-on settings saved.')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/settings-sso-en.png', fullPage: true });

  await page.reload();
  await expect(form.getByLabel('Entra tenant ID')).toHaveValue('11111111-2222-3333-4444-555555555555');
  await expect(form.getByLabel('Client secret')).toHaveValue('');
  await expect(form.getByLabel('Client secret')).toHaveAttribute('placeholder', 'A secret is saved');
  await expect(form.getByLabel('Group → role mapping (optional)')).toHaveValue('grp-admins = admin\ngrp-ops = operator');

  const token = await apiToken(baseURL as string);
  const settings = await (await fetch(`${baseURL}/api/settings`, { headers: { Authorization: `Bearer ${token}` } })).json();
  expect(settings).toMatchObject({ sso_tenant_id: '11111111-2222-3333-4444-555555555555', sso_allowed_groups: ['grp-ops', 'grp-admins'], sso_client_secret_set: true });
  expect(JSON.stringify(settings)).not.toContain('entra-client-secret-value');

  // A bad tenant id comes back as a field error, and nothing changes.
  await form.getByLabel('Entra tenant ID').fill('not a tenant');
  await page.getByTestId('save-sso').click();
  await expect(page.getByTestId('error-alert').first()).toBeVisible();
  await page.reload();
  await expect(form.getByLabel('Entra tenant ID')).toHaveValue('11111111-2222-3333-4444-555555555555');
  expect(errors.filter((e) => !e.includes('ERR_NETWORK_CHANGED'))).toEqual([]);
});
