import { expect, test, type Page } from '@playwright/test';
import { startFakeNpm, type FakeNpm } from '../tests/fakes/fake-npm';
import { failOnConsoleErrors } from './helpers';
import { adminToken, appErrors, signInAs } from './session-helpers';

const NPM = { email: 'automation@example.com', password: 'Fake-NPM-Passw0rd-for-e2e' };
const TABS = ['system', 'proxy', 'images', 'branding', 'sso', 'users', 'tokens', 'audit'] as const;
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" onload="alert(1)"><script>alert(2)</script><rect width="120" height="40" rx="6" fill="#0d6efd"/><text x="60" y="26" font-size="16" text-anchor="middle" fill="#fff">ACME</text></svg>`;

let fakeNpm: FakeNpm;
let saved: Record<string, unknown> = {};
let errors: string[] = [];

async function api(baseURL: string, method: string, path: string, body?: unknown): Promise<Response> {
  const token = await adminToken(baseURL);
  return fetch(`${baseURL}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function openTab(page: Page, tab: (typeof TABS)[number]): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId(`tab-${tab}`)).toHaveClass(/active/);
}

async function saveTab(page: Page, id: string): Promise<void> {
  await page.getByTestId(`save-${id}`).click();
  await expect(page.getByTestId('toast-success').last()).toContainText(/Settings saved|Einstellungen gespeichert/);
  // A save also refreshes the server-rendered shell; let that finish so a following reload is not aborted.
  await page.waitForLoadState('networkidle');
}

test.beforeAll(async ({ baseURL }) => {
  fakeNpm = await startFakeNpm({ email: NPM.email, password: NPM.password });
  fakeNpm.addCertificate({ domain_names: ['*.e2e.example.com'], nice_name: 'e2e wildcard', provider: 'other' });
  const res = await api(baseURL as string, 'GET', '/api/settings');
  const current = (await res.json()) as Record<string, unknown>;
  // Everything this spec changes is put back afterwards, so other specs see the defaults.
  saved = Object.fromEntries(Object.entries(current).filter(([k]) => !k.startsWith('effective_') && !k.endsWith('_set')));
});

test.afterAll(async ({ baseURL }) => {
  await api(baseURL as string, 'PUT', '/api/settings', { ...saved, npm_api_password: '' });
  await api(baseURL as string, 'DELETE', '/api/settings/branding/logo');
  await fakeNpm?.stop();
});

test.beforeEach(async ({ page }) => {
  errors = failOnConsoleErrors(page);
  await signInAs(page);
});

test.afterEach(() => {
  expect(appErrors(errors)).toEqual([]);
});

test('System tab: invalid values are caught in the browser, valid ones survive a reload', async ({ page }) => {
  await openTab(page, 'system');
  await page.getByLabel('Base domain').fill('not a domain');
  await page.getByTestId('save-system').click();
  await expect(page.getByTestId('error-setting-base_domain')).toContainText('domain');
  await page.getByLabel('Base domain').fill('e2e.example.com');
  await page.getByLabel('Administrator email').fill('ops@e2e.example.com');
  await page.getByLabel('Parallel deployments').fill('5');
  await page.getByLabel('NetBird owner setup').selectOption('customer');
  await saveTab(page, 'system');
  await page.reload();
  await expect(page.getByLabel('Base domain')).toHaveValue('e2e.example.com');
  await expect(page.getByLabel('Administrator email')).toHaveValue('ops@e2e.example.com');
  await expect(page.getByLabel('Parallel deployments')).toHaveValue('5');
  await expect(page.getByLabel('NetBird owner setup')).toHaveValue('customer');
});

test('System tab: coming back to the window refreshes the settings but keeps what is being typed', async ({ page }) => {
  await openTab(page, 'system');
  await page.getByLabel('Administrator email').fill('typing@e2e.example.com');
  // Past the five-second freshness window a return to the tab refetches the settings; nothing changed on the server.
  await page.waitForTimeout(5_500);
  const refetched = page.waitForResponse((r) => r.url().endsWith('/api/settings') && r.request().method() === 'GET');
  await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
  await refetched;
  await expect(page.getByLabel('Administrator email')).toHaveValue('typing@e2e.example.com');
});

test('System tab: a port range the server refuses shows the field error', async ({ page }) => {
  await openTab(page, 'system');
  await page.getByLabel('Dashboard ports from').fill('9500');
  await page.getByLabel('Dashboard ports to').fill('9100');
  await page.getByTestId('save-system').click();
  await expect(page.getByTestId('toast-danger').last()).toContainText('Some fields are invalid');
  await expect(page.getByTestId('error-setting-dashboard_port_end')).toBeVisible();
});

test('Proxy tab: test the connection before saving, pick the wildcard certificate, save', async ({ page }) => {
  await openTab(page, 'proxy');
  await expect(page.getByText('No password is set yet.')).toBeVisible();
  await page.getByLabel('NPM URL').fill(fakeNpm.url);
  await page.getByLabel('NPM email').fill(NPM.email);
  await page.getByLabel('NPM password').fill('wrong-password-here');
  await page.getByTestId('test-npm').click();
  await expect(page.getByTestId('npm-test-result')).toHaveAttribute('data-ok', 'false');
  await expect(page.locator('[data-check="authenticated"]')).toHaveAttribute('data-ok', 'false');
  await page.getByLabel('NPM password').fill(NPM.password);
  await page.getByTestId('test-npm').click();
  await expect(page.getByTestId('npm-test-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('toast-success').last()).toContainText('works with these settings');
  await page.getByLabel('Forward host').fill('10.1.2.3');
  // Still unsaved: the picker asks NPM with the typed password (POST, never in a URL).
  await page.getByLabel('TLS certificates').selectOption('wildcard');
  const option = page.getByTestId('certificate-picker').locator('option', { hasText: 'e2e wildcard' });
  await expect(option).toHaveCount(1);
  const certId = (await option.getAttribute('value')) as string;
  await page.getByTestId('certificate-picker').selectOption(certId);
  await saveTab(page, 'proxy');
  await page.reload();
  await expect(page.getByLabel('NPM URL')).toHaveValue(fakeNpm.url);
  await expect(page.getByLabel('NPM password')).toHaveValue('');
  await expect(page.getByText('A password is set. Leave empty to keep it.')).toBeVisible();
  await expect(page.getByLabel('Forward host')).toHaveValue('10.1.2.3');
  await expect(page.getByLabel('TLS certificates')).toHaveValue('wildcard');
  await expect(page.getByTestId('certificate-picker')).toHaveValue(certId);
  // After the reload the list comes from NPM with the saved password.
  await expect(page.getByTestId('certificate-picker').locator('option:checked')).toContainText('e2e wildcard');
  // Another URL, no password typed: the saved password is never sent there, so the picker waits for one.
  await page.getByLabel('NPM URL').fill('http://127.0.0.1:9/');
  await expect(page.getByTestId('certificate-picker-needs-password')).toBeVisible();
});

test('Images tab: a bad reference is refused, a good one is kept', async ({ page }) => {
  await openTab(page, 'images');
  await page.getByLabel('Caddy image').fill('Not An Image!');
  await page.getByTestId('save-images').click();
  await expect(page.getByTestId('error-setting-caddy_image')).toContainText('Docker image reference');
  await page.getByLabel('Caddy image').fill('caddy:2.10.1-alpine');
  await saveTab(page, 'images');
  await page.reload();
  await expect(page.getByLabel('Caddy image')).toHaveValue('caddy:2.10.1-alpine');
});

test('Branding tab: name, subtitle, language and a sanitised logo show on the login page', async ({ page, browser }) => {
  await openTab(page, 'branding');
  await page.getByLabel('Name', { exact: true }).fill('ACME Networks');
  await page.getByLabel('Subtitle').fill('Managed VPN for ACME customers');
  await page.getByLabel('Default language').selectOption('en');
  await saveTab(page, 'branding');
  await expect(page.getByTestId('navbar-brand')).toHaveText('ACME Networks');
  await page.getByTestId('logo-file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(LOGO_SVG) });
  await expect(page.getByTestId('toast-success').last()).toContainText('Logo uploaded');
  await expect(page.getByTestId('logo-preview')).toBeVisible();
  await expect(page.getByTestId('navbar-logo')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('ACME Networks');
  await expect(page.getByLabel('Default language')).toHaveValue('en');

  const guest = await browser.newContext();
  const login = await guest.newPage();
  const guestErrors = failOnConsoleErrors(login);
  await login.goto('/login');
  await expect(login.getByTestId('brand-name')).toHaveText('ACME Networks');
  await expect(login.getByText('Managed VPN for ACME customers')).toBeVisible();
  const logo = login.getByTestId('brand-logo');
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const svg = await (await login.request.get((await logo.getAttribute('src')) as string)).text();
  expect(svg).toContain('ACME');
  expect(svg).not.toMatch(/script|onload|alert/);
  await login.screenshot({ path: 'test-results/screens/login-branded-en.png' });
  expect(appErrors(guestErrors)).toEqual([]);
  await guest.close();

  await page.getByTestId('logo-remove').click();
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('toast-success').last()).toContainText('Logo removed');
  await expect(page.getByTestId('logo-preview')).toHaveCount(0);
});

test('screenshots of every tab in English and German; German survives a reload', async ({ page }) => {
  for (const tab of TABS) {
    await openTab(page, tab);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `test-results/screens/settings-${tab}-en.png`, fullPage: true });
  }
  await page.getByTestId('language-switcher').selectOption('de');
  await expect(page.getByTestId('page-title')).toHaveText('Einstellungen');
  await page.reload();
  await expect(page.getByTestId('page-title')).toHaveText('Einstellungen');
  await expect(page.getByTestId('tab-users')).toHaveText('Benutzer');
  await expect(page.getByTestId('tab-branding')).toHaveText('Erscheinungsbild');
  for (const tab of TABS) {
    await openTab(page, tab);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `test-results/screens/settings-${tab}-de.png`, fullPage: true });
  }
  await openTab(page, 'system');
  await expect(page.getByLabel('Basis-Domain')).toBeVisible();
  await page.getByTestId('language-switcher').selectOption('en');
  await expect(page.getByTestId('page-title')).toHaveText('Settings');
});

test('dark mode persists for the user after a reload', async ({ page }) => {
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-bs-theme', 'light');
  await page.getByRole('button', { name: 'Switch to dark mode' }).click();
  await expect(html).toHaveAttribute('data-bs-theme', 'dark');
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(html).toHaveAttribute('data-bs-theme', 'dark');
  await page.screenshot({ path: 'test-results/screens/settings-dark.png', fullPage: true });
  await page.getByRole('button', { name: 'Switch to light mode' }).click();
  await expect(html).toHaveAttribute('data-bs-theme', 'light');
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(html).toHaveAttribute('data-bs-theme', 'light');
});

test('fits a 375 px phone: no sideways scrolling, navigation behind the toggle', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Toggle navigation' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.getByRole('button', { name: 'Toggle navigation' }).click();
  await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Monitoring' })).toHaveAttribute('href', '/monitoring');
  await openTab(page, 'users');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.screenshot({ path: 'test-results/screens/settings-phone.png', fullPage: true });
});
