import { expect, type Page } from '@playwright/test';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

export async function signIn(page: Page, username = ADMIN.username, password = ADMIN.password): Promise<void> {
  // Wait until the form is hydrated, or a fast click submits the plain HTML form and reloads the page.
  await page.goto('/login', { waitUntil: 'networkidle' });
  await page.getByLabel(/Username|Benutzername/).fill(username);
  await page.getByLabel(/^(Password|Passwort)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Anmelden)$/ }).click();
  await expect(page.getByTestId('navbar-brand')).toBeVisible();
}

/** An API token for seeding data through the same REST API a script would use. */
export async function apiToken(baseURL: string, username = ADMIN.username, password = ADMIN.password): Promise<string> {
  const res = await fetch(`${baseURL}/api/auth/token`, { method: 'POST', body: new URLSearchParams({ username, password }) });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

/** Fails the test on any browser console error or uncaught page error. */
export function failOnConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    // Chromium aborts in-flight requests when the machine's interfaces change, which the tests'
    // own Docker networks do all the time (a delete removes one); that is the test bed, not the page.
    if (msg.type() === 'error' && !msg.text().includes('net::ERR_NETWORK_CHANGED')) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}
