import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { failOnConsoleErrors, signIn } from './helpers';

/**
 * An MSP with hundreds of customers: 500 are written straight into the served appliance's
 * SQLite file (deploying 500 stacks is the benchmarks' job), then the dashboard must page,
 * search and sort them on the server — the browser never receives more than one page.
 */
const COUNT = 500;
const PREFIX = 'scale-';
const port = Number(process.env.E2E_PORT ?? 8311);

function withDatabase<T>(run: (db: Database.Database) => T): T {
  const file = fs.readFileSync(`/tmp/nbmsp-e2e-${port}.db-path`, 'utf8').trim();
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  try {
    return run(db);
  } finally {
    db.close();
  }
}

function removeSeeded(): void {
  withDatabase((db) => db.prepare(`DELETE FROM Customer WHERE subdomain LIKE '${PREFIX}%'`).run());
}

const pad = (i: number) => String(i).padStart(4, '0');

test.beforeAll(() => {
  removeSeeded();
  withDatabase((db) => {
    const sample = db.prepare('SELECT createdAt FROM User LIMIT 1').get() as { createdAt: number | string };
    const insert = db.prepare(
      `INSERT INTO Customer (id, name, subdomain, email, maxDevices, status, desiredState, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 20, 'pending', 'running', ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const at = typeof sample.createdAt === 'number' ? Date.now() - i : new Date(Date.now() - i).toISOString();
        insert.run(`scale${randomBytes(10).toString('hex')}`, `Scale ${pad(i)}`, `${PREFIX}${pad(i)}`, `owner@${PREFIX}${pad(i)}.example.com`, at, at);
      }
    })();
  });
});

test.afterAll(removeSeeded);

/** Every customer-list response the page receives, with its size. */
function watchListResponses(page: Page): { url: string; items: number }[] {
  const seen: { url: string; items: number }[] = [];
  page.on('response', async (res) => {
    if (!/\/api\/customers\?/.test(res.url())) return;
    const body = (await res.json().catch(() => null)) as { items?: unknown[] } | null;
    if (body?.items) seen.push({ url: res.url(), items: body.items.length });
  });
  return seen;
}

const rows = (page: Page) => page.getByTestId('customer-table').locator('tbody tr');

test(`with ${COUNT} customers the dashboard pages, searches and sorts on the server`, async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page);
  const responses = watchListResponses(page);
  const started = Date.now();
  await page.goto('/');
  await expect(rows(page)).toHaveCount(25);
  const firstPageMs = Date.now() - started;
  await expect(page.getByTestId('card-total').getByTestId('card-value')).toHaveText(/^\d[\d,.]*$/);
  const total = Number((await page.getByTestId('card-total').getByTestId('card-value').innerText()).replace(/\D/g, ''));
  expect(total).toBeGreaterThanOrEqual(COUNT);
  await expect(page.getByTestId('page-info')).toContainText(`Page 1 of ${Math.ceil(total / 25)}`);
  // Capacity counts customers that run, not records that were never deployed.
  await expect(page.getByTestId('card-capacity')).toContainText(/\d+ of ~\d/);
  const running = Number(/([\d,.]+) of ~/.exec(await page.getByTestId('card-capacity').innerText())?.[1].replace(/\D/g, ''));
  expect(running).toBeLessThan(COUNT);
  await page.screenshot({ path: test.info().outputPath(`dashboard-${COUNT}-customers.png`), fullPage: true });

  // Search narrows on the server: one exact subdomain, then a hundred of them in four pages.
  await page.getByTestId('customer-search').fill(`${PREFIX}0421`);
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByTestId(`customer-row-${PREFIX}0421`)).toBeVisible();
  await page.getByTestId('customer-search').fill(`${PREFIX}04`);
  await expect(page.getByTestId('page-info')).toContainText('Page 1 of 4 · 100 customers');
  await expect(rows(page).first()).toHaveAttribute('data-testid', `customer-row-${PREFIX}0400`);

  // Sorting is the server's too: by name descending, the hundredth comes first.
  await page.getByTestId('sort-name').click();
  await expect(rows(page).first()).toHaveAttribute('data-testid', `customer-row-${PREFIX}0499`);
  await page.getByTestId('page-next').click();
  await expect(page.getByTestId('page-info')).toContainText('Page 2 of 4');
  await expect(rows(page).first()).toHaveAttribute('data-testid', `customer-row-${PREFIX}0474`);

  expect(responses.length).toBeGreaterThan(3);
  expect(Math.max(...responses.map((r) => r.items))).toBeLessThanOrEqual(25);
  expect(responses.some((r) => r.url.includes(`search=${PREFIX}04`) && r.url.includes('order=desc'))).toBe(true);
  test.info().annotations.push({ type: 'timing', description: `first page of ${total} customers shown ${firstPageMs} ms after navigation` });
  expect(errors).toEqual([]);
});

test('a customer written by another process shows up without a reload, and a removed one goes', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('customer-search').fill(`${PREFIX}0007`);
  await expect(rows(page)).toHaveCount(1);
  withDatabase((db) => db.prepare('UPDATE Customer SET name = ? WHERE subdomain = ?').run('Scale 0007 renamed', `${PREFIX}0007`));
  // The list refreshes itself; a cached page must not hide the change.
  await expect(page.getByTestId(`customer-row-${PREFIX}0007`)).toContainText('Scale 0007 renamed', { timeout: 15_000 });
  withDatabase((db) => db.prepare('DELETE FROM Customer WHERE subdomain = ?').run(`${PREFIX}0007`));
  await expect(page.getByTestId('customers-empty')).toBeVisible({ timeout: 15_000 });
});
