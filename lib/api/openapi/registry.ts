import type { z } from 'zod';
import type { Access } from '../access';

/**
 * One documented operation. Routes and docs share the zod schemas, so they cannot drift apart;
 * `access` is the route's own access type, so a misspelt permission does not compile.
 */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  body?: z.ZodType;
  bodyExample?: unknown;
  /** Query parameters: an object schema (the generator lists its keys as parameters). */
  query?: z.ZodObject | z.ZodPipe;
  form?: boolean;
  /** Further answers: status → description. */
  responses?: Record<string, string>;
  /** The success answer's schema; documented as a plain object without it. */
  response?: z.ZodType;
  responseExample?: unknown;
  stream?: 'text/event-stream' | 'text/plain';
}

const operations: Operation[] = [];

export function documentOperations(ops: Operation[]): void {
  for (const op of ops) {
    if (!operations.some((o) => o.method === op.method && o.path === op.path)) operations.push(op);
  }
}

export function allOperations(): readonly Operation[] {
  return operations;
}
