import type { Appliance } from './appliance';
import { customerBody } from './customers';
import { docker } from './docker';

interface SoakDeploy {
  id: string;
  subdomain: string;
  created: number;
  state: 'deploying' | 'active' | 'error';
  reason?: string;
  activeAfterMs?: number;
  deleted: boolean;
}

export interface ChurnFigures {
  deploys: SoakDeploy[];
  deletes: number;
  deleteRefusals: string[];
  kills: string[];
  killFailures: string[];
}

const DEPLOY_EVERY_MS = 30_000;
const KILL_EVERY_MS = 60_000;

/**
 * The operator's and the world's side of the soak: a new customer deployed and an earlier
 * (finished) one deleted every 30 s through the API, and every minute one container of a
 * running tenant killed behind the appliance's back (`docker kill`), as a crash would.
 */
export function startChurn(app: Appliance, tenants: string[]): { figures: ChurnFigures; poll(): Promise<void>; stop(): void } {
  const figures: ChurnFigures = { deploys: [], deletes: 0, deleteRefusals: [], kills: [], killFailures: [] };
  let n = 0;
  const deployTick = async () => {
    const sub = app.subdomain(`s${n++}`);
    const res = await app.admin.post<{ customer: { id: string } }>('/api/customers', customerBody(sub));
    if (res.status !== 201) {
      figures.deploys.push({ id: '', subdomain: sub, created: Date.now(), state: 'error', reason: `create refused: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`, deleted: true });
    } else {
      figures.deploys.push({ id: res.body.customer.id, subdomain: sub, created: Date.now(), state: 'deploying', deleted: false });
    }
    const finished = figures.deploys.find((d) => !d.deleted && d.state !== 'deploying');
    if (!finished) return;
    const del = await app.admin.delete(`/api/customers/${finished.id}`);
    finished.deleted = true;
    if (del.status === 202) figures.deletes += 1;
    else figures.deleteRefusals.push(`${finished.subdomain}: ${del.status}`);
  };
  const killTick = async () => {
    const sub = tenants[Math.floor(Math.random() * tenants.length)];
    const running = await docker().listContainers({ filters: { label: [`netbird-msp.subdomain=${sub}`], status: ['running'] } });
    const victim = running[Math.floor(Math.random() * running.length)];
    if (!victim) return void figures.killFailures.push(`${sub}: no running container`);
    await docker().getContainer(victim.Id).kill();
    figures.kills.push(`${sub}/${victim.Labels['netbird-msp.service'] ?? victim.Id.slice(0, 12)}`);
  };
  const guard = (what: string, tick: () => Promise<void>) => () =>
    tick().catch((err: unknown) => console.error(`soak ${what}: ${err instanceof Error ? err.message : String(err)}`));
  const deploy = guard('deploy/delete', deployTick);
  const kill = guard('docker kill', killTick);
  const timers = [setInterval(deploy, DEPLOY_EVERY_MS), setInterval(kill, KILL_EVERY_MS)];
  // The first ticks at once: minute 1 is the baseline of the p95 verdict, so it carries the same
  // churn as every later minute (two deploys, one kill), not a lighter start.
  void deploy();
  void kill();
  /** Reads the state of every deploy still in progress. */
  const poll = async () => {
    for (const d of figures.deploys.filter((x) => x.state === 'deploying')) {
      const res = await app.admin.get<{ customer?: { status: string; status_reason: string | null }; status?: string; status_reason?: string | null }>(`/api/customers/${d.id}`);
      const c = res.body.customer ?? res.body;
      if (c.status === 'active') {
        d.state = 'active';
        d.activeAfterMs = Date.now() - d.created;
      } else if (c.status === 'error') {
        d.state = 'error';
        d.reason = c.status_reason ?? 'error';
      }
    }
  };
  return { figures, poll, stop: () => timers.forEach(clearInterval) };
}
