import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { requireActor, requirePermission, type Actor } from '../auth/actor';
import { resolveActor } from '../auth/resolve-actor';
import { env } from '../env';
import { toErrorResponse, validationError } from '../errors';
import { withKnownBody, type KnownBody } from '../http/response-body';
import { assertSameOrigin } from '../http/same-origin';
import { log } from '../log';
import { observeHttp } from '../monitoring/metric-recorders';
import type { Access } from './access';
import { readBody, readQuery } from './body';


interface RouteOptions<B extends z.ZodType, Q extends z.ZodType> {
  access: Access;
  body?: B;
  query?: Q;
  maxBodyBytes?: number;
  /** Accept application/x-www-form-urlencoded as well as JSON. */
  allowForm?: boolean;
}

export interface RouteContext<B, Q, A> {
  req: NextRequest;
  actor: A;
  body: B;
  query: Q;
  params: Record<string, string>;
}

type Handler<B, Q, A> = (ctx: RouteContext<B, Q, A>) => unknown;
type NextHandler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Frozen values cannot change, so their JSON is written once (the cached customer list is polled by every open dashboard). */
const serialised = new WeakMap<object, KnownBody>();

function toJson(data: unknown): KnownBody {
  if (data === null || typeof data !== 'object' || !Object.isFrozen(data)) return { text: JSON.stringify(data) ?? 'null' };
  let body = serialised.get(data);
  if (body === undefined) {
    body = { text: JSON.stringify(data) };
    serialised.set(data, body);
  }
  return body;
}

export function json(data: unknown, status = 200, headers?: Record<string, string>): NextResponse {
  const body = toJson(data);
  return withKnownBody(new NextResponse(body.text, { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } }), body);
}

export function errorResponse(err: unknown): NextResponse {
  const { status, body, headers } = toErrorResponse(err);
  if (status >= 500) log.error('request failed', { error: err instanceof Error ? err.stack ?? err.message : String(err) });
  return json(body, status, headers);
}

async function authorize(req: NextRequest, access: Access): Promise<Actor | null> {
  if (access === 'public') {
    return resolveActor(req).catch(() => null);
  }
  const actor = await resolveActor(req);
  if (access === 'identity') return requireActor(actor);
  return requirePermission(actor, access);
}

/** Cookie-authenticated mutations must come from the appliance's own pages (CSRF). */
function assertNotCrossSite(req: NextRequest, actor: Actor | null): void {
  if (actor?.kind === 'session') assertSameOrigin(req.method, req.headers, env().APP_URL);
}

/**
 * The one route wrapper: session-or-bearer → permission → zod parse → handler
 * → the one error shape. Handlers return data (200 JSON) or a Response.
 */
export function route<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, A = Actor>(
  options: RouteOptions<B, Q>,
  handler: Handler<z.output<B>, z.output<Q>, A>,
): NextHandler {
  return async (req, ctx) => {
    const started = performance.now();
    const response = await handle(options, handler, req, ctx);
    observeHttp(req.method, new URL(req.url).pathname, response.status, (performance.now() - started) / 1000);
    return response;
  };
}

async function handle<B extends z.ZodType, Q extends z.ZodType, A>(
  options: RouteOptions<B, Q>,
  handler: Handler<z.output<B>, z.output<Q>, A>,
  req: NextRequest,
  ctx: { params: Promise<Record<string, string>> },
): Promise<Response> {
  try {
    const actor = await authorize(req, options.access);
    assertNotCrossSite(req, actor);
    let body: unknown = undefined;
    if (options.body) {
      const raw = await readBody(req, options.maxBodyBytes, options.allowForm);
      const parsed = options.body.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error);
      body = parsed.data;
    }
    let query: unknown = undefined;
    if (options.query) {
      const parsed = options.query.safeParse(readQuery(req));
      if (!parsed.success) throw validationError(parsed.error);
      query = parsed.data;
    }
    const params = (await ctx?.params) ?? {};
    // cast: the parsed body and query are the schemas' output (undefined without a schema, as the
    // defaults say), and `A` is the actor type the route's `access` yields; TypeScript cannot link them.
    const result = await handler({ req, actor: actor as A, body: body as z.output<B>, query: query as z.output<Q>, params });
    return result instanceof Response ? result : json(result);
  } catch (err) {
    return errorResponse(err);
  }
}
