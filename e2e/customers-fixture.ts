import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startFakeNpm, type FakeNpm } from '../tests/fakes/fake-npm';
import { apiToken } from './helpers';
import { STANDIN_IMAGES } from '../tests/helpers/standin-images';

export const VIEWER = { username: 'e2e-viewer', password: 'viewer-password-for-e2e' };
const NPM_USER = { email: 'automation@msp.example.com', password: 'npm-automation-secret' };
const SCREENS = path.join(process.cwd(), 'test-results', 'screens');

export function uniqueSubdomain(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export async function api<T>(baseURL: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const token = await apiToken(baseURL);
  const res = await fetch(`${baseURL}${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The appliance as an operator configures it: stand-in images, a base domain, the fake NPM, and a viewer account. */
export async function configureAppliance(baseURL: string): Promise<FakeNpm> {
  const npm = await startFakeNpm(NPM_USER);
  const settings = await api(baseURL, 'PUT', '/api/settings', {
    ...STANDIN_IMAGES,
    base_domain: 'msp.example.com',
    npm_api_url: npm.url,
    npm_api_email: NPM_USER.email,
    npm_api_password: NPM_USER.password,
    ssl_mode: 'letsencrypt',
  });
  if (settings.status !== 200) throw new Error(`settings: ${JSON.stringify(settings.body)}`);
  const viewer = await api(baseURL, 'POST', '/api/users', { ...VIEWER, role: 'viewer' });
  if (viewer.status !== 201 && viewer.status !== 409) throw new Error(`viewer: ${JSON.stringify(viewer.body)}`);
  return npm;
}

/**
 * `docker rm -f` of containers found by a label. The appliance's own delete job may remove some
 * of them between the listing and the removal ("No such container"): that is only a failure when
 * a container with the label is still there afterwards.
 */
export function removeContainers(ids: string[], filter: string): void {
  try {
    execFileSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
  } catch (err) {
    const left = execFileSync('docker', ['ps', '-aq', '--filter', filter], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (left.length) throw err;
  }
}

/** Whatever a failed run left behind: containers and networks of these subdomains, found by label. */
export function removeLeftovers(subdomains: string[]): void {
  for (const sub of subdomains) {
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=netbird-msp.subdomain=${sub}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (ids.length) removeContainers(ids, `label=netbird-msp.subdomain=${sub}`);
    try {
      execFileSync('docker', ['network', 'rm', `netbird-${sub}`], { stdio: 'ignore' });
    } catch {
      // No such network: the delete job already removed it.
    }
  }
}

/** The id Next.js gave a server action, from the build's manifest: what a forged request would send. */
export function serverActionId(exportedName: string): string {
  const dist = process.env.NEXT_DIST_DIR || '.next';
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), dist, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, v]) => v.filename === 'app/actions/customers.ts' && v.exportedName === exportedName);
  if (!entry) throw new Error(`no server action ${exportedName} in the build`);
  return entry[0];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
}

/** True when nothing on the page is wider than the viewport (a phone must not scroll sideways). */
export function fitsViewport(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
