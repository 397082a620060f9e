import 'server-only';
import { randomBytes } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { IncomingMessage } from 'node:http';
import { globalSingleton } from '../global-singleton';
import { fieldOf } from '../caught';

/**
 * Route handlers see a web Request without its socket, and Next.js fills X-Forwarded-For only
 * when the client did not send one. So the Node server's own request event stamps the socket's
 * address into a header before Next.js reads the request. The value carries a per-process random
 * marker: a client that sends the header itself cannot match it.
 */
export const PEER_HEADER = 'x-nbmsp-peer';

const g = globalSingleton<{ peerMarker?: string; peerSubscribed?: boolean }>('peerMarker', () => ({}));

function marker(): string {
  g.peerMarker ??= randomBytes(16).toString('hex');
  return g.peerMarker;
}

function stamp(message: unknown): void {
  const request = fieldOf(message, 'request');
  if (!(request instanceof IncomingMessage)) return;
  const address = request.socket?.remoteAddress ?? '';
  request.headers[PEER_HEADER] = `${marker()} ${address}`;
}

/** Subscribes once per process; called from instrumentation before requests are served. */
export function recordPeerAddresses(): void {
  if (g.peerSubscribed) return;
  g.peerSubscribed = true;
  diagnostics.subscribe('http.server.request.start', stamp);
}

/** The socket address stamped on this request, or null when it carries no genuine stamp. */
export function readPeerAddress(headers: Headers): string | null {
  const value = headers.get(PEER_HEADER);
  if (!value || !g.peerMarker) return null;
  const [mark, address] = value.split(' ');
  return mark === g.peerMarker && address ? address : null;
}
