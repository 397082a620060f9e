import { expect, type Page } from '@playwright/test';
import { ADMIN, apiToken } from './helpers';

/**
 * Console errors caused by the app. Chromium aborts requests with ERR_NETWORK_CHANGED
 * when the host's interfaces change (Docker creates bridges while other suites run); that is the machine, not the app.
 */
export function appErrors(all: string[]): string[] {
  return all.filter((e) => !e.includes('net::ERR_NETWORK_CHANGED'));
}

/**
 * Signs in through NextAuth's credentials endpoint (as the login form does) and opens a page.
 * Faster and steadier than typing into the form on a busy machine; the form itself is covered by auth.spec.ts.
 */
export async function signInAs(page: Page, username = ADMIN.username, password = ADMIN.password, path = '/settings'): Promise<void> {
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await page.request.post('/api/auth/callback/credentials', { form: { csrfToken, username, password, json: 'true' } });
  expect(res.ok(), `sign-in of ${username}`).toBe(true);
  await page.goto(path);
  await expect(page.getByTestId('navbar-brand')).toBeVisible();
}

const tokens = new Map<string, Promise<string>>();
/** One access token per run for seeding, instead of a fresh sign-in per request. */
export function adminToken(baseURL: string): Promise<string> {
  if (!tokens.has(baseURL)) tokens.set(baseURL, apiToken(baseURL));
  return tokens.get(baseURL) as Promise<string>;
}
