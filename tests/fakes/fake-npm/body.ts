import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpFailure } from './types';

/** NPM's body limit (express.json with limit 100kb). */
const BODY_LIMIT = 100 * 1024;

export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'array' | 'stringArray' | 'certificateId';
export interface BodySchema {
  required: string[];
  props: Record<string, FieldType>;
  minProperties?: number;
}

/**
 * Reads a request body the way NPM's express stack does: only JSON content
 * types are parsed (anything else leaves `{}` for validation to reject),
 * oversized bodies are refused with 413 and malformed JSON is an internal error.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new HttpFailure(413, 'request entity too large');
    chunks.push(chunk as Buffer);
  }
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json') || size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new HttpFailure(500, 'Internal Error', { stack: [String(err)] });
  }
}

function coerce(name: string, type: FieldType, value: unknown): unknown {
  const fail = (what: string) => new HttpFailure(400, `data/${name} must be ${what}`);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw fail('string');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw fail('boolean');
      return value;
    case 'integer':
      // ajv with coerceTypes: numeric strings become integers.
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
      if (typeof value !== 'number' || !Number.isInteger(value)) throw fail('integer');
      return value;
    case 'certificateId':
      if (value === 'new') return value;
      return coerce(name, 'integer', value);
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('object');
      return value;
    case 'array':
      if (!Array.isArray(value)) throw fail('array');
      return value;
    case 'stringArray':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw fail('array');
      return value;
  }
}

/** Validates like NPM's ajv setup: additional properties rejected, numeric strings accepted as integers. */
export function validateBody(body: unknown, schema: BodySchema): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpFailure(400, 'data must be object');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(key in schema.props)) throw new HttpFailure(400, 'data must NOT have additional properties');
  }
  for (const key of schema.required) {
    if (!(key in input)) throw new HttpFailure(400, `data must have required property '${key}'`);
  }
  if (schema.minProperties && Object.keys(input).length < schema.minProperties) {
    throw new HttpFailure(400, `data must NOT have fewer than ${schema.minProperties} properties`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[key] = coerce(key, schema.props[key], value);
  return out;
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendFailure(res: ServerResponse, failure: HttpFailure): void {
  const payload: Record<string, unknown> = { error: { code: failure.status, message: failure.message } };
  if (failure.debug) payload.debug = failure.debug;
  sendJson(res, failure.status, payload);
}
