import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { startLifecycle, waitForCustomer, type CustomerBody, type Lifecycle } from '../helpers/lifecycle-fixture';

/**
 * A real tenant (stand-in images) on the real engine: `docker kill` of one of its containers
 * must give exactly one "down" message and `docker start` exactly one "recovered"; /api/metrics
 * is parsed as Prometheus text and needs the metrics:read scope.
 */
let env: Lifecycle;
let receiver: http.Server;
const messages: { event: string; phase: string; subject: string | null; link: string | null }[] = [];
let sub = '';
let customerId = '';

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function scopedToken(scopes: string[]): Promise<ApiClient> {
  const res = await env.admin.post<{ token: string }>('/api/tokens', { name: `metrics ${scopes.join(' ')}`, scopes, expires_in_days: 30 });
  expect(res.status).toBe(201);
  return new ApiClient(env.server.url, res.body.token);
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      messages.push(JSON.parse(body) as (typeof messages)[number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  env = await startLifecycle({}, { alert_down_after_seconds: 2, public_url: 'https://msp-admin.example.com' });
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
  const channel = await env.admin.post('/api/notifications/channels', { kind: 'webhook', name: 'down-watch', url: hook, signing_secret: 'tenant-test-signing-secret', events: ['tenant.down'], min_severity: 'critical' });
  expect(channel.status).toBe(201);
  sub = env.unique('alrt');
  const created = await env.admin.post<{ customer: CustomerBody }>('/api/customers', { name: 'Alert Co', subdomain: sub, email: 'owner@alert.example', max_devices: 5 });
  customerId = created.body.customer.id;
  // A deploy takes ~20 s on a quiet machine and minutes when the host is busy.
  await waitForCustomer(env.admin, customerId, (c) => c.status === 'active' && !c.active_job, 240_000);
}, 360_000);

afterAll(async () => {
  await env?.cleanup();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

describe('tenant down and recovered', () => {
  it('sends one "down" after docker kill and one "recovered" after docker start, nothing in between', async () => {
    expect(messages).toEqual([]);
    execFileSync('docker', ['kill', `netbird-${sub}-management`], { stdio: 'ignore' });
    await until('the down message', () => (messages.length >= 1 ? true : undefined));
    expect(messages[0]).toMatchObject({ event: 'tenant.down', phase: 'raised', link: `https://msp-admin.example.com/customers/${customerId}` });
    expect(messages[0].subject).toContain(sub);
    // Several watch rounds (every 3 s) and reconciler syncs pass while it stays down: still one message.
    await until('the tenant to be error for a while', async () => {
      const c = await env.admin.get<CustomerBody>(`/api/customers/${customerId}`);
      return c.body.status === 'error' ? true : undefined;
    });
    const deliveriesWhileDown = await until('two more watch rounds', async () => {
      const log = await env.admin.get<{ items: { created_at: string }[] }>('/api/notifications/deliveries');
      const events = await env.admin.get<CustomerBody>(`/api/customers/${customerId}`);
      return Date.now() - Date.parse(log.body.items[0].created_at) > 7_000 && events.body.status === 'error' ? log.body.items.length : undefined;
    }, 30_000);
    expect(deliveriesWhileDown).toBe(1);
    expect(messages).toHaveLength(1);

    execFileSync('docker', ['start', `netbird-${sub}-management`], { stdio: 'ignore' });
    // A busy host can take longer than the server's keep-alive for `docker start`: a reused
    // connection closed meanwhile is retried, not a failure.
    await until('the tenant to be active again', async () => {
      const c = await env.admin.get<CustomerBody>(`/api/customers/${customerId}`).catch(() => undefined);
      return c?.body.status === 'active' ? true : undefined;
    });
    await until('the recovery message', () => (messages.length >= 2 ? true : undefined));
    expect(messages.map((m) => m.phase)).toEqual(['raised', 'resolved']);
  });

  it('serves /api/metrics as Prometheus text to a token with metrics:read only', async () => {
    const without = await scopedToken(['customers:read']);
    const refused = await without.get('/api/metrics');
    expect(refused.status).toBe(403);
    const anonymous = await fetch(`${env.server.url}/api/metrics`);
    expect(anonymous.status).toBe(401);

    const reader = await scopedToken(['metrics:read']);
    const res = await fetch(`${env.server.url}/api/metrics`, { headers: { Authorization: `Bearer ${reader.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const families = parsePrometheusTextFormat(text);
    const family = (name: string): ParsedFamily => {
      const f = families.find((x) => x.name === name);
      if (!f) throw new Error(`metric ${name} missing`);
      return f;
    };
    expect(family('netbird_msp_tenants').metrics.find((m) => m.labels?.status === 'active' && m.labels.host === 'local')?.value).toBe('1');
    const running = family('netbird_msp_tenant_containers_running').metrics.find((m) => m.labels?.tenant === sub);
    expect(running?.value).toBe('5');
    expect(family('netbird_msp_tenant_containers_expected').metrics.find((m) => m.labels?.tenant === sub)?.value).toBe('5');
    // The deploy ran as a job: its duration is in the histogram.
    // (The parser drops the labels of labelled histogram series, so the count is read from the line.)
    expect(family('netbird_msp_job_duration_seconds').type).toBe('HISTOGRAM');
    const deploys = /^netbird_msp_job_duration_seconds_count\{kind="deploy",result="succeeded"\} (\d+)$/m.exec(text);
    expect(Number(deploys?.[1])).toBeGreaterThanOrEqual(1);
    expect(family('netbird_msp_http_request_duration_seconds').type).toBe('HISTOGRAM');
    // Ids never become label values: routes are patterns.
    const routes = [...text.matchAll(/^netbird_msp_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]);
    expect(routes.some((r) => r.includes(customerId))).toBe(false);
    expect(routes).toContain('/api/customers/:id');
    // The process's own figures: event-loop lag (reset by each scrape) and resident memory.
    expect(Number(family('nodejs_eventloop_lag_p99_seconds').metrics[0]?.value)).toBeGreaterThan(0);
    expect(Number(family('process_resident_memory_bytes').metrics[0]?.value)).toBeGreaterThan(50 * 1024 * 1024);
    // Nothing new was sent while the tenant stayed up.
    expect(messages).toHaveLength(2);
  });
});
