import 'server-only';
import { createHmac } from 'node:crypto';

export const SEND_TIMEOUT_MS = 10_000;

export interface SendResult {
  status: number | null;
}

/** A failed delivery: our own words and the remote status, never the remote body. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export function signBody(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * POSTs JSON to a URL an admin configured: a deadline on every call, redirects never followed
 * (a redirect must not carry a signed body elsewhere), the answer's body never read into a log.
 */
export async function postJson(url: string, payload: unknown, signingSecret?: string): Promise<SendResult> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'netbird-msp-appliance' };
  if (signingSecret) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers['X-Signature-Timestamp'] = timestamp;
    headers['X-Signature-SHA256'] = signBody(signingSecret, timestamp, body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch (err) {
    const cause = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : 'could not connect';
    throw new DeliveryError(`${cause} (${new URL(url).host})`);
  }
  // Drain without keeping anything: the remote body is never stored or shown.
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 200 && res.status < 300) return { status: res.status };
  throw new DeliveryError(res.status >= 300 && res.status < 400 ? `redirect refused (HTTP ${res.status})` : `HTTP ${res.status}`, res.status);
}
