import { TMP, migrateDatabase, removeTmp } from '../docker/harness';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { db } from '@/lib/db';
import { createChannel } from '@/lib/notifications/manage-channels';
import { channelInputSchema } from '@/lib/notifications/schemas';

/**
 * E-mail over implicit TLS and STARTTLS against real SMTP servers (smtp-server) with certificates
 * this test makes (openssl): its own CA, a server certificate for 127.0.0.1 and one for another
 * name. The appliance trusts the CA the way an operator would (NODE_EXTRA_CA_CERTS), so the
 * sends run in a child process started with it. A wrong certificate, or a plain server where
 * TLS is required, must end as a clear delivery error in the log — never a crash, never the
 * password in a message or the log.
 */
const PASSWORD = 'smtp-tls-password-never-logged';
const dir = path.join(TMP, 'smtp-tls');
interface Received {
  server: string;
  secure: boolean;
  raw: string;
}
const received: Received[] = [];
const servers: SMTPServer[] = [];
const ports: Record<string, number> = {};

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA, a certificate it signs for 127.0.0.1, and one it signs for another name only. */
function makeCertificates(): void {
  fs.mkdirSync(dir, { recursive: true });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Alerts Test CA']);
  for (const [name, san] of [
    ['good', 'IP:127.0.0.1,DNS:localhost'],
    ['wrong', 'DNS:mail.elsewhere.example'],
  ]) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`]);
  }
}

async function startSmtp(name: string, options: SMTPServerOptions): Promise<void> {
  const server = new SMTPServer({
    authOptional: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'alerts' && auth.password === PASSWORD) return cb(null, { user: 'alerts' });
      return cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        received.push({ server: name, secure: session.secure, raw });
        cb();
      });
    },
    ...options,
  });
  // A client that gives up mid-handshake is an error event, not a reason to stop the test server.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  ports[name] = typeof address === 'object' && address ? (address satisfies AddressInfo).port : 0;
  servers.push(server);
}

const outcomeSchema = z.array(z.object({ channelId: z.string(), state: z.string(), lastError: z.string().nullable(), lastStatus: z.number().nullable() }));

/** Runs the child that sends one test message per channel; resolves with each delivery's outcome. */
function sendFromChild(channelIds: string[]): Promise<z.infer<typeof outcomeSchema>> {
  const child = spawn(path.join(process.cwd(), 'node_modules/.bin/tsx'), [path.join(__dirname, 'notifications-email-child.ts'), JSON.stringify(channelIds)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const killer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 90_000);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`the sending process exited with ${code}: ${err.slice(-2000)}`));
      resolve(outcomeSchema.parse(JSON.parse(out.trim().split('\n').pop() ?? '[]')));
    });
  });
}

async function emailChannel(name: string, server: string, security: 'tls' | 'starttls'): Promise<string> {
  const channel = await createChannel(
    SYSTEM_ACTOR,
    channelInputSchema.parse({ kind: 'email', name, smtp_host: '127.0.0.1', smtp_port: ports[server], smtp_security: security, smtp_username: 'alerts', smtp_password: PASSWORD, from: 'appliance@msp.example.com', to: ['ops@msp.example.com'], min_severity: 'info' }),
  );
  return channel.id;
}

beforeAll(async () => {
  await migrateDatabase();
  makeCertificates();
  const read = (file: string) => fs.readFileSync(path.join(dir, file));
  await startSmtp('implicit-tls', { secure: true, key: read('good.key'), cert: read('good.pem') });
  await startSmtp('starttls', { key: read('good.key'), cert: read('good.pem') });
  await startSmtp('starttls-wrong-name', { key: read('wrong.key'), cert: read('wrong.pem') });
  await startSmtp('plain', { disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  removeTmp();
});

describe('e-mail over TLS', () => {
  it('delivers over implicit TLS and STARTTLS; a wrong certificate or a plain server where TLS is required fails clearly', async () => {
    const ids = {
      implicit: await emailChannel('implicit TLS', 'implicit-tls', 'tls'),
      starttls: await emailChannel('STARTTLS', 'starttls', 'starttls'),
      wrongName: await emailChannel('wrong certificate', 'starttls-wrong-name', 'starttls'),
      plainStarttls: await emailChannel('plain, STARTTLS required', 'plain', 'starttls'),
      plainTls: await emailChannel('plain, TLS required', 'plain', 'tls'),
    };
    const outcomes = await sendFromChild(Object.values(ids));
    const of = (id: string) => outcomes.find((o) => o.channelId === id);

    expect(of(ids.implicit)).toMatchObject({ state: 'sent', lastError: null, lastStatus: 250 });
    expect(of(ids.starttls)).toMatchObject({ state: 'sent', lastError: null, lastStatus: 250 });
    // Both arrived, each over an encrypted session, and only those two.
    expect(received.map((m) => [m.server, m.secure]).sort()).toEqual([
      ['implicit-tls', true],
      ['starttls', true],
    ]);

    // Failures stay in the outbox to be retried, with our own reason in the log.
    expect(of(ids.wrongName)).toMatchObject({ state: 'pending' });
    expect(of(ids.wrongName)?.lastError).toMatch(/^SMTP E(TLS|SOCKET): the server certificate is for another host name$/);
    expect(of(ids.plainStarttls)).toMatchObject({ state: 'pending' });
    expect(of(ids.plainStarttls)?.lastError).toMatch(/^SMTP ETLS( \d+)?: the TLS upgrade \(STARTTLS\) failed or the server does not offer it$/);
    expect(of(ids.plainTls)).toMatchObject({ state: 'pending' });
    expect(of(ids.plainTls)?.lastError).toMatch(/^SMTP E[A-Z]+: the server does not speak TLS on this port/);

    // The password is in no message, no log line and no stored row in clear.
    const rows = await db().notificationDelivery.findMany();
    expect(JSON.stringify([received, outcomes, rows])).not.toContain(PASSWORD);
    expect(JSON.stringify(await db().notificationChannel.findMany())).not.toContain(PASSWORD);
  });
});
