import { removeTmp, migrateDatabase } from '../docker/harness';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { db } from '@/lib/db';
import { startDispatcher, stopDispatcher } from '@/lib/notifications/dispatcher';
import { listDeliveries } from '@/lib/notifications/list-deliveries';
import { createChannel } from '@/lib/notifications/manage-channels';
import { muteCustomer } from '@/lib/notifications/manage-mutes';
import { raiseEvent, resolveEvent } from '@/lib/notifications/raise-event';
import { channelInputSchema } from '@/lib/notifications/schemas';
import { testChannel } from '@/lib/notifications/test-channel';

/**
 * The outbox against real receivers: an SMTP server (smtp-server, with AUTH) and a webhook
 * receiver that checks the HMAC and answers 500 before 200. No mock of nodemailer or fetch.
 */
const SIGNING_SECRET = 'webhook-signing-secret-0123456789';
const SMTP_PASSWORD = 'smtp-password-never-in-a-payload';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
const hooks: { body: string; signatureOk: boolean; status: number }[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let hookServer: http.Server;
let hookUrl = '';
let failNext = 1;

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await migrateDatabase();
  smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, cb) {
      if (auth.username === 'alerts' && auth.password === SMTP_PASSWORD) return cb(null, { user: 'alerts' });
      return cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  hookServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const ts = String(req.headers['x-signature-timestamp'] ?? '');
      const expected = createHmac('sha256', SIGNING_SECRET).update(`${ts}.${body}`).digest('hex');
      const status = failNext-- > 0 ? 500 : 200;
      hooks.push({ body, signatureOk: req.headers['x-signature-sha256'] === expected, status });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 500 ? 'remote stack trace with internals' : 'ok');
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook/secret-path-token`;
  await startDispatcher();
});

afterAll(async () => {
  stopDispatcher();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  hookServer.closeAllConnections();
  await new Promise<void>((resolve) => hookServer.close(() => resolve()));
  removeTmp();
});

describe('notification delivery', () => {
  it('refuses a webhook without a signing secret and a URL with credentials, saving nothing', async () => {
    await expect(createChannel(SYSTEM_ACTOR, channelInputSchema.parse({ kind: 'webhook', name: 'x', url: hookUrl }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(channelInputSchema.safeParse({ kind: 'slack', name: 'x', url: 'https://user:pw@hooks.example.com/x' }).success).toBe(false);
    expect(channelInputSchema.safeParse({ kind: 'slack', name: 'x', url: 'file:///etc/passwd' }).success).toBe(false);
    expect(await db().notificationChannel.count()).toBe(0);
  });

  it('keeps trying a dead channel in the background without holding up the others', async () => {
    const dead = await createChannel(SYSTEM_ACTOR, channelInputSchema.parse({ kind: 'slack', name: 'Dead', url: 'http://127.0.0.1:9/closed', min_severity: 'info' }));
    const { delivery_id } = await testChannel(SYSTEM_ACTOR, dead.id);
    const row = await until('a failed attempt', async () => {
      const d = await db().notificationDelivery.findUnique({ where: { id: delivery_id } });
      return d && d.attempts >= 1 ? d : undefined;
    });
    expect(row.state).toBe('pending');
    expect(row.lastError).toMatch(/could not connect/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 1000);
    await db().notificationChannel.delete({ where: { id: dead.id } });
  });

  it('sends over real SMTP with the sealed password and to a signed webhook, retrying a 500, with no secret in any payload', async () => {
    const mail = await createChannel(
      SYSTEM_ACTOR,
      channelInputSchema.parse({ kind: 'email', name: 'Ops mail', language: 'de', smtp_host: '127.0.0.1', smtp_port: smtpPort, smtp_security: 'none', smtp_username: 'alerts', smtp_password: SMTP_PASSWORD, from: 'appliance@msp.example.com', to: ['ops@msp.example.com'] }),
    );
    const hook = await createChannel(SYSTEM_ACTOR, channelInputSchema.parse({ kind: 'webhook', name: 'On-call', url: hookUrl, signing_secret: SIGNING_SECRET, events: ['tenant.down'] }));
    // Stored sealed, and the API view names only which secrets are set.
    const stored = await db().notificationChannel.findUniqueOrThrow({ where: { id: mail.id } });
    expect(stored.secrets).not.toContain(SMTP_PASSWORD);
    expect(JSON.stringify([mail, hook])).not.toMatch(/secret-path-token|webhook-signing-secret|smtp-password/);
    expect(hook.target).toBe(new URL(hookUrl).host);

    await raiseEvent({ kind: 'tenant.down', key: 'cust-1', customerId: 'cust-1', params: { subject: 'Acme (acme)', detail: 'management is exited (137)' } });
    // Raised again while open: nothing new (the debounce every caller gets).
    expect(await raiseEvent({ kind: 'tenant.down', key: 'cust-1', customerId: 'cust-1', params: { subject: 'Acme (acme)' } })).toBe(false);

    await until('the mail', () => (mails.length ? mails : undefined));
    await until('the webhook retry', () => (hooks.length >= 2 ? hooks : undefined));
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(['ops@msp.example.com']);
    expect(mails[0].raw).toMatch(/Subject: .*Kritisch.*Acme/);
    expect(hooks.map((h) => h.status)).toEqual([500, 200]);
    expect(hooks.every((h) => h.signatureOk)).toBe(true);
    const payload = JSON.parse(hooks[1].body) as Record<string, unknown>;
    expect(payload).toMatchObject({ event: 'tenant.down', phase: 'raised', severity: 'critical', title: 'Tenant Acme (acme) is down', text: 'management is exited (137)' });

    const log = await until('the delivery log', async () => {
      const items = (await listDeliveries({ limit: 50 })).items;
      return items.filter((d) => d.state === 'sent').length === 2 ? items : undefined;
    });
    const hookRow = log.find((d) => d.channel_id === hook.id);
    expect(hookRow).toMatchObject({ state: 'sent', attempts: 2, last_status: 200, last_error: null });
    // The remote's error body is never kept.
    expect(JSON.stringify(log)).not.toContain('remote stack trace');

    await resolveEvent('tenant.down', 'cust-1');
    await until('the recovery', () => (hooks.length >= 3 && mails.length >= 2 ? true : undefined));
    expect(JSON.parse(hooks[2].body)).toMatchObject({ phase: 'resolved', title: 'Tenant Acme (acme) has recovered' });
    expect(mails[1].raw).toMatch(/Subject: .*Acme.*l=C3=A4uft wieder|Subject: .*Behoben/);

    for (const text of [...hooks.map((h) => h.body), ...mails.map((m) => m.raw)]) {
      expect(text).not.toContain(SIGNING_SECRET);
      expect(text).not.toContain(SMTP_PASSWORD);
      expect(text).not.toContain('secret-path-token');
      expect(text).not.toContain(process.env.SECRET_KEY as string);
    }
  });

  it('records but does not send the events of a muted tenant', async () => {
    await db().customer.create({ data: { id: 'cust-muted', name: 'Quiet', subdomain: 'quiet', email: 'q@example.com', maxDevices: 5 } });
    await muteCustomer(SYSTEM_ACTOR, { customer_id: 'cust-muted', hours: 2 });
    const before = await db().notificationDelivery.count();
    expect(await raiseEvent({ kind: 'tenant.down', key: 'cust-muted', customerId: 'cust-muted', params: { subject: 'Quiet' } })).toBe(true);
    expect(await db().notificationEvent.count({ where: { customerId: 'cust-muted' } })).toBe(1);
    expect(await db().notificationDelivery.count()).toBe(before);
  });
});
