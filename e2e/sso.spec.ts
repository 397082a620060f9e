import { expect, test, type Page } from '@playwright/test';
import { GROUPS, startOidcIssuer, type OidcIssuer } from '../tests/fakes/oidc';
import { ADMIN, apiToken } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 8311);
const BASE = `http://127.0.0.1:${PORT}`;
const LABEL = 'Sign in with MSP ID';

let issuer: OidcIssuer;
let token: string;

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text };
}

interface UserRow {
  id: string;
  username: string;
  email: string | null;
  role: string;
  auth_provider: string;
  disabled: boolean;
}

async function findUser(username: string): Promise<UserRow | undefined> {
  const users = await api<{ items: UserRow[] }>('GET', '/api/users');
  return users.body.items.find((u) => u.username === username);
}

/** Errors of the appliance's own pages (the issuer's quick-start pages are not under test). */
function applianceConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && msg.location().url.startsWith(BASE)) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Through the button on the login page, the issuer's own login form, and back. */
async function signInWithSso(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('button', { name: LABEL }).click();
  await expect(page).toHaveURL(new RegExp(`^${issuer.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  issuer = await startOidcIssuer([`${BASE}/api/auth/callback/sso`]);
  token = await apiToken(BASE);
});

test.afterAll(async () => {
  // Later specs on the same server expect plain password sign-in.
  await api('PUT', '/api/settings', { sso_enabled: false });
  await issuer?.stop();
});

test('the SSO button appears only once SSO is configured, and the secret never comes back', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByTestId('sso-button')).toHaveCount(0);

  const put = await api('PUT', '/api/settings', {
    sso_enabled: true,
    sso_provider: 'oidc',
    sso_issuer_url: issuer.issuer,
    sso_client_id: issuer.clientId,
    sso_client_secret: issuer.clientSecret,
    sso_allowed_groups: [GROUPS.staff],
    sso_default_role: 'viewer',
    sso_group_roles: { [GROUPS.operators]: 'operator', [GROUPS.admins]: 'admin' },
    sso_button_label: LABEL,
  });
  expect(put.status).toBe(200);
  const settings = await api('GET', '/api/settings');
  expect(settings.body).toMatchObject({ sso_enabled: true, sso_client_secret_set: true, sso_client_id: issuer.clientId });
  expect(settings.body).not.toHaveProperty('sso_client_secret');
  for (const res of [put, settings, await api('GET', '/api/auth/sso'), await api('GET', '/api/auth/me')]) expect(res.text).not.toContain(issuer.clientSecret);

  await page.reload();
  await expect(page.getByTestId('sso-button')).toHaveText(LABEL);
  expect(await page.content()).not.toContain(issuer.clientSecret);
});

test('first sign-in creates the user with the default role', async ({ page }) => {
  const errors = applianceConsoleErrors(page);
  await signInWithSso(page, 'alice');
  await expect(page.getByTestId('navbar-brand')).toBeVisible();
  await expect(page.getByTestId('user-menu')).toContainText('alice@msp.example.com');
  const me = await page.request.get('/api/auth/me');
  expect(await me.json()).toMatchObject({ username: 'alice@msp.example.com', role: 'viewer', auth: 'session', auth_provider: 'oidc' });
  expect(await findUser('alice@msp.example.com')).toMatchObject({ role: 'viewer', auth_provider: 'oidc', email: 'alice@msp.example.com' });
  // A viewer's session really is a viewer's: settings stay closed.
  expect((await page.request.get('/api/settings')).status()).toBe(403);
  expect(errors).toEqual([]);
});

test('group → role mapping applies, and later sign-ins refresh email and role', async ({ page, browser }) => {
  await signInWithSso(page, 'oscar');
  await expect(page.getByTestId('navbar-brand')).toBeVisible();
  expect(await findUser('oscar@msp.example.com')).toMatchObject({ role: 'operator' });

  const other = await browser.newPage();
  await signInWithSso(other, 'ada');
  await expect(other.getByTestId('navbar-brand')).toBeVisible();
  expect(await findUser('ada@msp.example.com')).toMatchObject({ role: 'admin' });
  expect((await other.request.get('/api/settings')).status()).toBe(200);
  await other.close();

  // Alice joins the operators group at the issuer and changes her address: the next sign-in brings both over.
  issuer.accounts.alice.groups = [GROUPS.staff, GROUPS.operators];
  issuer.accounts.alice.email = 'alice.new@msp.example.com';
  const again = await browser.newPage();
  await signInWithSso(again, 'alice');
  await expect(again.getByTestId('navbar-brand')).toBeVisible();
  expect(await findUser('alice@msp.example.com')).toMatchObject({ role: 'operator', email: 'alice.new@msp.example.com' });
  await again.close();
});

test('a user outside the allowed groups is refused with a clear message', async ({ page }) => {
  await signInWithSso(page, 'eve');
  await expect(page).toHaveURL(/\/login\?error=SSO_NOT_IN_GROUP/);
  await expect(page.getByTestId('login-error')).toHaveText(/not in a group that may use this appliance/);
  expect(await findUser('eve@customer.example.com')).toBeUndefined();
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
});

test('a disabled user is refused', async ({ page, browser }) => {
  await signInWithSso(page, 'dora');
  await expect(page.getByTestId('navbar-brand')).toBeVisible();
  const dora = await findUser('dora@msp.example.com');
  expect((await api('PUT', `/api/users/${dora!.id}`, { disabled: true })).status).toBe(200);
  // Disabling revokes the running session too.
  await page.reload();
  await expect(page).toHaveURL(/\/login/);

  const fresh = await browser.newPage();
  await signInWithSso(fresh, 'dora');
  await expect(fresh).toHaveURL(/\/login\?error=SSO_ACCOUNT_DISABLED/);
  await expect(fresh.getByTestId('login-error')).toHaveText(/disabled on this appliance/);
  expect((await fresh.request.get('/api/auth/me')).status()).toBe(401);
  await fresh.close();
});

test('local password sign-in keeps working for admins while SSO is on', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByTestId('sso-button')).toBeVisible();
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('user-menu')).toContainText('admin');
  expect(await page.request.get('/api/auth/me').then((r) => r.json())).toMatchObject({ username: 'admin', role: 'admin', auth_provider: 'local' });
});
