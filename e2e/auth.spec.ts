import { expect, test } from '@playwright/test';
import { ADMIN, failOnConsoleErrors, signIn } from './helpers';

test('signs in with the admin account and lands on the dashboard', async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page);
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
  await expect(page.getByTestId('user-menu')).toContainText('admin');
  await page.screenshot({ path: 'test-results/screens/dashboard-en.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('a wrong password shows a clear message and no session', async ({ page }) => {
  await page.goto('/login', { waitUntil: 'networkidle' });
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('Wrong username or password.');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('switching to German shows German and persists for the user', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('language-switcher').first().selectOption('de');
  await expect(page.getByRole('link', { name: 'Übersicht' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('page-title')).toHaveText('Kunden');
  await page.screenshot({ path: 'test-results/screens/dashboard-de.png', fullPage: true });
  // Back to English so later specs start from the default.
  await page.getByTestId('language-switcher').first().selectOption('en');
  await expect(page.getByRole('link', { name: 'Dashboard' })).toBeVisible();
});

test('the login page follows the browser language before sign-in', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE', extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' } });
  const page = await context.newPage();
  await page.goto('/login', { waitUntil: 'networkidle' });
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  await page.getByLabel('Benutzername').fill(ADMIN.username);
  await page.getByLabel('Passwort').fill('falsch-falsch-falsch');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('Benutzername oder Passwort ist falsch.');
  await context.close();
});
