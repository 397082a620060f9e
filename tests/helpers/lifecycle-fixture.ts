import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startFakeNpm, type FakeNpm } from '../fakes/fake-npm';
import { ApiClient } from './api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from './app-server';
import { STANDIN_IMAGES } from './standin-images';


export const NPM_USER = { email: 'automation@msp.example.com', password: 'npm-automation-secret' };

export interface Lifecycle {
  server: AppServer;
  npm: FakeNpm;
  admin: ApiClient;
  unique(prefix: string): string;
  cleanup(): Promise<void>;
}

export function uniqueSubdomain(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** The appliance with stand-in images, a base domain and a fake NPM, as an operator would configure it. */
export async function startLifecycle(extraEnv: Record<string, string> = {}, settings: Record<string, unknown> = {}): Promise<Lifecycle> {
  const npm = await startFakeNpm({ email: NPM_USER.email, password: NPM_USER.password });
  const server = await startAppServer({ LOG_LEVEL: 'warn', ...extraEnv });
  const admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
  const res = await admin.put('/api/settings', {
    ...STANDIN_IMAGES,
    base_domain: 'msp.example.com',
    npm_api_url: npm.url,
    npm_api_email: NPM_USER.email,
    npm_api_password: NPM_USER.password,
    ssl_mode: 'letsencrypt',
    ...settings,
  });
  if (res.status !== 200) throw new Error(`settings failed: ${JSON.stringify(res.body)}`);
  const lifecycle: Lifecycle = {
    server,
    npm,
    admin,
    unique: uniqueSubdomain,
    // The server the test ends with: a test that restarts the appliance replaces `lifecycle.server`.
    cleanup: async () => {
      await removeAllTenantsOf(lifecycle.server);
      await lifecycle.server.stop();
      await npm.stop();
    },
  };
  return lifecycle;
}

/** Removes every container and network of this server's customers (by label), whatever state the test left. */
export async function removeAllTenantsOf(server: AppServer): Promise<void> {
  const sqlite = new Database(server.env.DATABASE_PATH, { readonly: true });
  const customers = sqlite.prepare('SELECT id, subdomain FROM Customer').all() as { id: string; subdomain: string }[];
  sqlite.close();
  for (const c of customers) {
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=netbird-msp.customer=${c.id}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (ids.length) execFileSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
    try {
      execFileSync('docker', ['network', 'rm', `netbird-${c.subdomain}`], { stdio: 'ignore' });
    } catch {
      // No such network: nothing to clean.
    }
  }
}

export interface CustomerBody {
  id: string;
  status: string;
  status_reason: string | null;
  dashboard_port: number | null;
  relay_udp_port: number | null;
  setup_url: string | null;
  containers: { total: number; running: number };
  peers: { total: number | null; connected: number | null };
  active_job: { id: string } | null;
}

/** Polls the customer until `predicate` holds (the API is the only view a script has). */
export async function waitForCustomer(api: ApiClient, id: string, predicate: (c: CustomerBody) => boolean, timeoutMs = 60_000): Promise<CustomerBody> {
  const deadline = Date.now() + timeoutMs;
  let last: CustomerBody | undefined;
  while (Date.now() < deadline) {
    const res = await api.get<CustomerBody>(`/api/customers/${id}`);
    last = res.body;
    if (res.status === 200 && predicate(res.body)) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`customer ${id} did not reach the expected state; last: ${JSON.stringify(last)}`);
}

/** A job as `GET /api/customers/{id}/jobs` lists it. */
export interface JobBody {
  id: string;
  kind: string;
  state: string;
  error: string | null;
  steps: { name: string; state: string; message: string | null }[];
}

/** Polls the customer's jobs until `jobId` has succeeded or failed. */
export async function waitForJob(api: ApiClient, customerId: string, jobId: string, timeoutMs = 120_000): Promise<JobBody> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const jobs = await api.get<{ items: JobBody[] }>(`/api/customers/${customerId}/jobs`);
    const job = jobs.body.items?.find((j) => j.id === jobId);
    if (job && ['succeeded', 'failed'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`job ${jobId} did not finish`);
}
