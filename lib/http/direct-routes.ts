import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { NextRequest } from 'next/server';
import { errorResponse } from '../api/route';
import { log } from '../log';
import { knownBytes } from './response-body';

/**
 * The hot read-only API routes (the lists every open dashboard polls) cost about 1 ms of
 * Next.js routing per request on top of their own work, several times what a bare Node
 * server needs for the same answer. The appliance's server entry (scripts/server-entry.mjs) asks the
 * function installed here first: a GET for one of the registered paths goes straight to the
 * route's own handler (the same `route()` wrapper: authentication, permission, query schema,
 * error shape, metrics), everything else to Next.js. Only exact paths, only GET: a trailing
 * slash, HEAD or an encoded path still goes through Next.js, which answers it as before.
 */
type RouteHandler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** The headers next.config.mjs gives every response of that path (from the build's routes manifest). */
type ConfigHeaders = (pathname: string) => readonly (readonly [string, string])[];
type Dispatch = (req: IncomingMessage, res: ServerResponse, configHeaders: ConfigHeaders) => boolean;

const DISPATCH_KEY = Symbol.for('netbird-msp.direct-routes');
const NO_PARAMS: Promise<Record<string, string>> = Promise.resolve({});
/** Below this a compressed body saves less than the work costs. */
const GZIP_MIN_BYTES = 1024;

/**
 * The last body compressed per URL: a polled list repeats the same bytes until the data changes.
 * The bytes are compared before reuse (another user's answer to the same URL may differ).
 */
const compressed = new Map<string, { plain: Buffer; gzip: Buffer }>();
const MAX_COMPRESSED = 64;

function gzipOf(url: string, plain: Buffer): Buffer {
  const last = compressed.get(url);
  if (last && last.plain.equals(plain)) return last.gzip;
  const gzip = gzipSync(plain);
  compressed.delete(url);
  if (compressed.size >= MAX_COMPRESSED) compressed.delete(compressed.keys().next().value ?? '');
  compressed.set(url, { plain, gzip });
  return gzip;
}

function acceptsGzip(req: IncomingMessage): boolean {
  const accept = req.headers['accept-encoding'];
  return typeof accept === 'string' && /\bgzip\b/i.test(accept);
}

function toRequest(req: IncomingMessage): NextRequest {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return new NextRequest(new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), { method: 'GET', headers });
}

async function answer(handler: RouteHandler, request: NextRequest, pathname: string, req: IncomingMessage, res: ServerResponse, configHeaders: ConfigHeaders): Promise<void> {
  // route() answers every failure itself; a throw here is a defect below it, answered the same way.
  const response = await handler(request, { params: NO_PARAMS }).catch(errorResponse);
  const { status, headers } = response;
  let body = knownBytes(response) ?? Buffer.from(await response.arrayBuffer());
  for (const [name, value] of configHeaders(pathname)) res.setHeader(name, value);
  for (const [name, value] of headers) if (name !== 'set-cookie') res.setHeader(name, value);
  const cookies = headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.setHeader('vary', 'Accept-Encoding');
  if (body.length >= GZIP_MIN_BYTES && acceptsGzip(req)) {
    body = gzipOf(req.url ?? pathname, body);
    res.setHeader('content-encoding', 'gzip');
  }
  res.setHeader('content-length', body.length);
  res.statusCode = status;
  res.end(body);
}

/** Installs the dispatcher for these exact paths; called once at start-up (instrumentation). */
export function serveDirectRoutes(routes: Readonly<Record<string, RouteHandler>>): void {
  const table = new Map(Object.entries(routes));
  const dispatch: Dispatch = (req, res, configHeaders) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    const handler = table.get(pathname);
    if (!handler) return false;
    let request: NextRequest;
    try {
      request = toRequest(req);
    } catch {
      // A request the web Request cannot represent: Next.js decides what to answer.
      return false;
    }
    answer(handler, request, pathname, req, res, configHeaders).catch((err: unknown) => {
      log.error('direct route failed', { path: pathname, error: err instanceof Error ? err.message : String(err) });
      res.destroy();
    });
    return true;
  };
  Reflect.set(globalThis, DISPATCH_KEY, dispatch);
}
