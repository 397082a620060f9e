import { expect, test, type Page } from '@playwright/test';
import { ADMIN } from './helpers';

// Issue 14, findings 4 (redirect after sign-in, CSP) and 7 (sign-out), in a real browser.

async function signInThroughForm(page: Page, path: string): Promise<void> {
  await page.goto(path, { waitUntil: 'networkidle' });
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(msg.text())) seen.push(`${page.url()}: ${msg.text()}`);
  });
  return seen;
}

test('a callbackUrl to another site is not followed after sign-in', async ({ page, baseURL }) => {
  await signInThroughForm(page, '/login?callbackUrl=https%3A%2F%2Fevil.example%2Fphish');
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
  expect(new URL(page.url()).origin).toBe(new URL(baseURL as string).origin);
});

test('a javascript: callbackUrl never runs', async ({ page, baseURL }) => {
  let dialog = false;
  page.on('dialog', async (d) => {
    dialog = true;
    await d.dismiss();
  });
  await signInThroughForm(page, `/login?callbackUrl=${encodeURIComponent("javascript:alert(document.domain)")}`);
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
  expect(dialog).toBe(false);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL as string).origin);
});

test('a same-site callbackUrl is still followed', async ({ page }) => {
  await signInThroughForm(page, '/login?callbackUrl=%2Fmonitoring%3Frange%3D24h');
  await expect(page).toHaveURL(/\/monitoring\?range=24h$/);
});

test('every page carries a nonce-based Content-Security-Policy and runs without violations', async ({ page }) => {
  // Seven page loads, each waiting for the network to go quiet: give a busy shared machine room.
  test.setTimeout(300_000);
  const violations = cspViolations(page);
  const login = await page.goto('/login', { waitUntil: 'networkidle' });
  const csp = login?.headers()['content-security-policy'] ?? '';
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(csp).toContain("frame-ancestors 'none'");
  await signInThroughForm(page, '/login');
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
  for (const path of ['/customers/new', '/monitoring', '/settings', '/profile', '/api/docs']) {
    const res = await page.goto(path, { waitUntil: 'networkidle' });
    expect(res?.headers()['content-security-policy'], path).toBeTruthy();
  }
  await expect(page.locator('.swagger-ui')).toBeVisible();
  expect(violations).toEqual([]);
});

test('injected markup cannot run script: an inline event handler is blocked', async ({ page }) => {
  const violations = cspViolations(page);
  await page.goto('/login', { waitUntil: 'networkidle' });
  // What an HTML injection looks like: markup with an inline handler (no nonce can cover it).
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.innerHTML = '<img src="/does-not-exist.png" onerror="window.__injected = true">';
    document.body.appendChild(div);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected ?? false)).toBe(false);
});

test('signing out in the UI revokes the session: the old cookie is refused afterwards', async ({ page, baseURL }) => {
  await signInThroughForm(page, '/login');
  await expect(page.getByTestId('page-title')).toHaveText('Customers');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session).toBeTruthy();
  const cookie = `${session?.name}=${session?.value}`;
  const before = await fetch(`${baseURL}/api/auth/me`, { headers: { Cookie: cookie } });
  expect(before.status).toBe(200);
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login/);
  const replay = await fetch(`${baseURL}/api/auth/me`, { headers: { Cookie: cookie } });
  expect(replay.status).toBe(401);
});
