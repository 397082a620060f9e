import { expect, test, type Page } from '@playwright/test';
import { decodeBase32, hotp, totpStep } from '../lib/auth/totp/totp';
import { apiToken, failOnConsoleErrors, signIn } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 8311);
const BASE = `http://127.0.0.1:${PORT}`;
const USER = { username: 'tina', password: 'tina-password-long-enough' };

let secret = '';
let enrolStep = 0;
let recoveryCodes: string[] = [];

/** Console errors, except the 401 the password step answers with by design while the code is still missing. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    const expected401 = msg.location().url.includes('/api/auth/callback/credentials') && msg.text().includes('401');
    if (msg.type() === 'error' && !expected401) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

async function passwordStep(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(USER.username);
  await page.getByLabel('Password').fill(USER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Authenticator code')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const token = await apiToken(BASE);
  const res = await fetch(`${BASE}/api/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...USER, role: 'operator' }),
  });
  expect(res.status).toBe(201);
});

test('enrols an authenticator on the profile page and shows the recovery codes once', async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page, USER.username, USER.password);
  await page.goto('/profile');
  await expect(page.getByTestId('totp-status')).toHaveText('Off');
  await page.getByTestId('totp-start').click();
  await expect(page.getByTestId('totp-qr')).toBeVisible();
  secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  await page.getByLabel('Code from the app').fill('000000');
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('totp-code-error')).toHaveText(/wrong or expired/);

  enrolStep = totpStep();
  await page.getByLabel('Code from the app').fill(hotp(decodeBase32(secret), enrolStep));
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  recoveryCodes = await page.getByTestId('recovery-code').allTextContents();
  await page.screenshot({ path: 'test-results/screens/totp-recovery-codes.png', fullPage: true });
  await page.getByRole('button', { name: 'I have saved the codes' }).click();
  await expect(page.getByTestId('totp-status')).toHaveText('On');
  await page.reload();
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the password alone is not a session: the code step follows, and a wrong code is refused', async ({ page }) => {
  await passwordStep(page);
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);

  await passwordStep(page);
  await page.getByLabel('Authenticator code').fill(hotp(decodeBase32(secret), enrolStep + 9));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('The authenticator code is wrong or expired.');
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
});

test('signs in with a current code', async ({ page }) => {
  const errors = consoleErrors(page);
  await passwordStep(page);
  // The enrolment used the current step; the next one is within the accepted window and unused.
  await page.getByLabel('Authenticator code').fill(hotp(decodeBase32(secret), enrolStep + 1));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('navbar-brand')).toBeVisible();
  await expect(page.getByTestId('user-menu')).toContainText(USER.username);
  expect(errors).toEqual([]);
});

test('a recovery code signs in once, then turns the second factor off', async ({ page, browser }) => {
  await passwordStep(page);
  await page.getByLabel('Authenticator code').fill(recoveryCodes[0]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('navbar-brand')).toBeVisible();

  const second = await browser.newPage();
  await passwordStep(second);
  await second.getByLabel('Authenticator code').fill(recoveryCodes[0]);
  await second.getByRole('button', { name: 'Sign in' }).click();
  await expect(second.getByTestId('login-error')).toHaveText('The authenticator code is wrong or expired.');
  await second.close();

  await page.goto('/profile');
  await expect(page.getByTestId('totp-card')).toContainText('9 recovery codes left');
  await page.getByLabel('Current code or a recovery code').fill(recoveryCodes[1]);
  await page.getByTestId('totp-disable').click();
  await expect(page.getByTestId('totp-status')).toHaveText('Off');
});

test('an admin resets a lost second factor from the Users tab; the user is signed out and the password alone works again', async ({ page }) => {
  // tina enrols again through the API, as a script would.
  const tokenRes = await fetch(`${BASE}/api/auth/token`, { method: 'POST', body: new URLSearchParams(USER) });
  const tina = ((await tokenRes.json()) as { access_token: string }).access_token;
  const call = (path: string, body?: unknown) =>
    fetch(`${BASE}${path}`, { method: body ? 'POST' : 'GET', headers: { Authorization: `Bearer ${tina}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const enrol = (await (await call('/api/auth/totp/enroll', {})).json()) as { secret: string };
  // A step the earlier tests did not use, so the code is not refused as a replay.
  const confirm = await call('/api/auth/totp/confirm', { code: hotp(decodeBase32(enrol.secret), totpStep()) });
  expect(confirm.status).toBe(200);
  expect((await call('/api/auth/me')).status).toBe(200);

  await signIn(page);
  await page.goto('/settings?tab=users');
  const row = page.getByRole('row', { name: /tina/ });
  await row.getByTestId('reset-totp').click();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByText('Two-factor sign-in of tina was reset.')).toBeVisible();
  await expect(row.getByTestId('reset-totp')).toHaveCount(0);

  expect((await call('/api/auth/me')).status).toBe(401);
  const again = await fetch(`${BASE}/api/auth/token`, { method: 'POST', body: new URLSearchParams(USER) });
  expect(again.status).toBe(200);
});
