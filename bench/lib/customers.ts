import type { ApiClient } from '../../tests/helpers/api-client';
import type { Appliance } from './appliance';

export interface StepTime {
  name: string;
  state: string;
  duration_ms: number | null;
  message: string | null;
}

export interface DeployOutcome {
  id: string;
  subdomain: string;
  ms: number;
  steps: StepTime[];
}

interface CreatedBody {
  customer: { id: string; status: string };
  job: { id: string; state: string; error: string | null; steps: StepTime[] };
}

export function customerBody(subdomain: string) {
  return { name: `Bench ${subdomain}`, subdomain, email: `owner@${subdomain}.example.com`, max_devices: 25 };
}

/**
 * POST /api/customers?wait=true answers when the deploy job has finished, i.e. after the
 * last step marked the customer active; the clock runs from sending to that answer.
 */
export async function deployAndTime(app: Appliance, subdomain: string): Promise<DeployOutcome> {
  const started = performance.now();
  const res = await app.admin.post<CreatedBody>('/api/customers?wait=true', customerBody(subdomain));
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`create ${subdomain}: ${res.status} ${JSON.stringify(res.body)}`);
  const { customer, job } = res.body;
  if (job.state !== 'succeeded') throw new Error(`deploy of ${subdomain} ${job.state}: ${job.error}`);
  return { id: customer.id, subdomain, ms, steps: job.steps };
}

interface CustomerView {
  status: string;
  containers: { total: number; running: number };
}

/** Checks what "active" promises: five running containers, an owner, a proxy host at the fake NPM. */
export async function verifyActive(app: Appliance, d: DeployOutcome): Promise<void> {
  const c = await app.admin.get<CustomerView>(`/api/customers/${d.id}`);
  const problems: string[] = [];
  if (c.body.status !== 'active') problems.push(`status ${c.body.status}`);
  if (c.body.containers.running !== 5) problems.push(`${c.body.containers.running}/5 containers running`);
  const owner = d.steps.find((s) => s.name === 'owner');
  if (owner?.state !== 'succeeded') problems.push(`owner step ${owner?.state}: ${owner?.message}`);
  const domain = `${d.subdomain}.msp.example.com`;
  if (!app.npm.state.liveHosts().some((h) => h.domain_names.includes(domain))) problems.push(`no proxy host for ${domain}`);
  if (problems.length) throw new Error(`${d.subdomain} is not really active: ${problems.join('; ')}`);
}

/** Mean duration of each step over several deploys, in the job's order. */
export function meanStepTimes(deploys: DeployOutcome[]): Map<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const d of deploys) {
    for (const s of d.steps) {
      const entry = sums.get(s.name) ?? { total: 0, n: 0 };
      if (s.duration_ms !== null) {
        entry.total += s.duration_ms;
        entry.n += 1;
      }
      sums.set(s.name, entry);
    }
  }
  return new Map([...sums].map(([name, e]) => [name, e.n ? e.total / e.n : Number.NaN]));
}

export async function setSetting(admin: ApiClient, settings: Record<string, unknown>): Promise<void> {
  const res = await admin.put('/api/settings', settings);
  if (res.status !== 200) throw new Error(`settings refused: ${res.status} ${JSON.stringify(res.body)}`);
}
