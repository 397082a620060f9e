import { z } from 'zod';

/** One documented operation. Routes and docs share the zod schemas, so they cannot drift apart. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: string;
  body?: z.ZodType;
  bodyExample?: unknown;
  query?: z.ZodType;
  form?: boolean;
  responses?: Record<string, string>;
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
