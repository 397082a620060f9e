import type { IncomingMessage } from 'node:http';
import type { FakeNpmState } from './state';
import { HttpFailure, type Permission } from './types';

/** One request as the route handlers see it. */
export interface RouteContext {
  state: FakeNpmState;
  req: IncomingMessage;
  method: string;
  /** Path without query, e.g. `/api/nginx/proxy-hosts/3`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** Checks the bearer token like NPM: expired → 400, garbage → 500 (NPM lets jwt's error through). */
export function requireUser(ctx: RouteContext): number {
  const header = ctx.req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) throw new HttpFailure(401, 'Permission Denied');
  const issued = ctx.state.tokens.get(match[1]);
  if (!issued) throw new HttpFailure(500, 'Internal Error', { stack: ['JsonWebTokenError: invalid signature'] });
  if (issued.expiresAt <= Date.now()) throw new HttpFailure(400, 'Token has expired');
  return issued.userId;
}

const RANK: Record<Permission, number> = { hidden: 0, view: 1, manage: 2 };

/** NPM v2.15.1 reports permission failures as 404 `Not Found - <path>` (fixed to 403 later). */
export function requirePermission(ctx: RouteContext, resource: 'proxy_hosts' | 'certificates', level: 'view' | 'manage'): void {
  requireUser(ctx);
  if (RANK[ctx.state.user.permissions[resource]] < RANK[level]) {
    throw new HttpFailure(404, `Not Found - ${ctx.req.url ?? ctx.path}`);
  }
}

/** Trailing numeric id of `/api/nginx/<collection>/<id>`, or null for the collection itself. */
export function pathId(ctx: RouteContext, collection: string): number | null | undefined {
  const rest = ctx.path.slice(collection.length);
  if (rest === '' || rest === '/') return null;
  const match = /^\/(\d+)$/.exec(rest);
  return match ? Number(match[1]) : undefined;
}
