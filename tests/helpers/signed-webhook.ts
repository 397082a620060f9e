import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message the receiver got: the parsed body and whether its signature was right. */
export interface ReceivedHook {
  event: string;
  phase: string;
  subject: string | null;
  text: string | null;
  signatureOk: boolean;
  raw: string;
}

/**
 * A real HTTP receiver for the generic webhook channel: checks `X-Signature-SHA256` (HMAC-SHA256
 * of `timestamp.body` with the channel's signing secret) on every message it keeps.
 */
export async function startSignedWebhook(secret: string): Promise<{ url: string; received: ReceivedHook[]; close: () => Promise<void> }> {
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const ts = String(req.headers['x-signature-timestamp'] ?? '');
      const expected = createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex');
      const body: unknown = JSON.parse(raw);
      const field = (key: string): string | null => {
        const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
        return typeof value === 'string' ? value : null;
      };
      received.push({ event: field('event') ?? '', phase: field('phase') ?? '', subject: field('subject'), text: field('text'), signatureOk: req.headers['x-signature-sha256'] === expected, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? (address satisfies AddressInfo).port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `check` gives a value, failing after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
