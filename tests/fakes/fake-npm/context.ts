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

/** The path as NPM's router sees it (mounted below `/api`), for its `Not Found - <path>` messages. */
function routerPath(ctx: RouteContext): string {
  return (ctx.req.url ?? ctx.path).replace(/^\/api/, '');
}

/** Checks the bearer token like NPM: none → 404, expired → 400, garbage → 500 (NPM lets jwt's error through). */
export function requireUser(ctx: RouteContext): number {
  const header = ctx.req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) throw new HttpFailure(404, `Not Found - ${routerPath(ctx)}`);
  const issued = ctx.state.tokens.get(match[1]);
  if (!issued) throw new HttpFailure(500, 'Internal Error', { stack: ['JsonWebTokenError: invalid signature'] });
  if (issued.expiresAt <= Date.now()) throw new HttpFailure(400, 'Token has expired');
  return issued.userId;
}

const RANK: Record<Permission, number> = { hidden: 0, view: 1, manage: 2 };

/**
 * NPM v2.15.1 reports permission failures as 404 `Not Found - <path>` (fixed
 * to 403 later), except a write by a user who may view: that one is a 500.
 */
export function requirePermission(ctx: RouteContext, resource: 'proxy_hosts' | 'certificates', level: 'view' | 'manage'): void {
  requireUser(ctx);
  const has = RANK[ctx.state.user.permissions[resource]];
  if (has >= RANK[level]) return;
  if (has === RANK.view) throw new HttpFailure(500, 'Internal Error', { stack: ['PermissionError: Permission Denied'] });
  throw new HttpFailure(404, `Not Found - ${routerPath(ctx)}`);
}

/** Trailing numeric id of `/api/nginx/<collection>/<id>`, or null for the collection itself. */
export function pathId(ctx: RouteContext, collection: string): number | null | undefined {
  const rest = ctx.path.slice(collection.length);
  if (rest === '' || rest === '/') return null;
  const match = /^\/(\d+)$/.exec(rest);
  return match ? Number(match[1]) : undefined;
}
