import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Appliance } from './appliance';
import { customerBody, setSetting } from './customers';
import { mapBounded } from './docker';

export interface Population {
  deployedIds: string[];
  deployedSubdomains: string[];
  pending: number;
  /** From the first POST to the last customer active. */
  deployWallMs: number;
  /** Deploys that failed and were retried, with the reason each gave. */
  retried: string[];
  /** Customers active when the measurements began (all deployed ones unless the deadline hit). */
  active: number;
}

interface Counts {
  counts: Record<string, number>;
  items: { id: string; subdomain: string; status: string; status_reason: string | null }[];
}

/**
 * Customers that were never deployed, written straight into the appliance's database: the API
 * always deploys what it creates. The row matches what Prisma writes (same column formats,
 * read from the admin's own row).
 */
function insertPending(app: Appliance, count: number): void {
  const sqlite = new Database(app.dbPath);
  try {
    const sample = sqlite.prepare('SELECT createdAt FROM User LIMIT 1').get() as { createdAt: number | string };
    const now = typeof sample.createdAt === 'number' ? Date.now() : new Date().toISOString();
    const insert = sqlite.prepare(
      `INSERT INTO Customer (id, name, subdomain, email, maxDevices, status, desiredState, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 25, 'pending', 'running', ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 0; i < count; i++) {
        const sub = app.subdomain(`p${i}`);
        insert.run(`bench${randomBytes(10).toString('hex')}`, `Bench ${sub}`, sub, `owner@${sub}.example.com`, now, now);
      }
    })();
  } finally {
    sqlite.close();
  }
}

/**
 * `total` customers, `deployed` of them really deployed through the API (five stand-in
 * containers each) with `concurrency` deploys at a time. The appliance gives each tenant
 * network a /28 of its docker_subnet_pool, as it does in production.
 */
export async function setupPopulation(app: Appliance, total: number, deployed: number, concurrency: number, deadlineMs = 30 * 60_000): Promise<Population> {
  await setSetting(app.admin, { deploy_concurrency: concurrency });
  const subs = Array.from({ length: deployed }, (_, i) => app.subdomain(`d${i}`));
  const started = performance.now();
  const ids = await mapBounded(subs, 10, async (sub) => {
    const res = await app.admin.post<{ customer: { id: string } }>('/api/customers', customerBody(sub));
    if (res.status !== 201) throw new Error(`create ${sub}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.customer.id;
  });
  let last = '';
  let active = 0;
  const retried: string[] = [];
  const attempts = new Map<string, number>();
  for (;;) {
    const page = await app.admin.get<Counts>('/api/customers?status=error&per_page=100');
    // A deploy that fails on a busy shared host is retried (twice at most) and reported, not hidden.
    for (const c of page.body.items) {
      const n = (attempts.get(c.id) ?? 0) + 1;
      if (n > 2) throw new Error(`deploy of ${c.subdomain} failed three times: ${c.status_reason}`);
      attempts.set(c.id, n);
      retried.push(`${c.subdomain}: ${c.status_reason}`);
      console.error(`retrying ${c.subdomain}: ${c.status_reason}`);
      const res = await app.admin.post(`/api/customers/${c.id}/deploy`);
      if (res.status !== 202) throw new Error(`redeploy of ${c.subdomain} refused: ${res.status} ${JSON.stringify(res.body)}`);
    }
    active = page.body.counts.active ?? 0;
    const line = `deployed ${active}/${deployed} in ${Math.round((performance.now() - started) / 1000)} s`;
    if (line !== last && active % 20 === 0) console.error(line);
    last = line;
    if (active >= deployed) break;
    // A bounded run measures what is there by then, and says so, rather than measuring nothing.
    if (performance.now() - started > deadlineMs) {
      console.error(`deadline: measuring with ${active}/${deployed} deployed; the rest keep deploying in the background`);
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const deployWallMs = performance.now() - started;
  insertPending(app, total - deployed);
  return { deployedIds: ids, deployedSubdomains: subs, pending: total - deployed, deployWallMs, retried, active };
}
