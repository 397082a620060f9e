import { z } from 'zod';
import { ERROR_STATUS } from '../../errors';
import { allOperations, type Operation } from './registry';
import './operations-core';
import './operations-customers';
import './operations-sso';
import './operations-settings-ui';
import './operations-monitoring';
import './operations-backups';
import './operations-notifications';

type Json = Record<string, unknown>;

const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string' },
        details: { description: 'For VALIDATION_FAILED: { fields: [{ path, message, code }] }' },
      },
    },
  },
};

function schemaOf(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

function queryParameters(schema: z.ZodType): Json[] {
  const json = schemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}

function pathParameters(path: string): Json[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

function operationObject(op: Operation): Json {
  const errors: Record<string, Json> = {};
  const codes = op.access === 'public' ? ['422', '429'] : ['401', '403', '404', '409', '422'];
  for (const code of codes) errors[code] = { $ref: `#/components/responses/Error${code}` };
  const successContent = op.stream
    ? { [op.stream]: { schema: { type: 'string' } } }
    : { 'application/json': { schema: { type: 'object' }, ...(op.responseExample ? { example: op.responseExample } : {}) } };
  const out: Json = {
    tags: [op.tag],
    summary: op.summary,
    description: `${op.description ?? ''}\n\nAccess: \`${op.access}\``.trim(),
    parameters: [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : [])],
    responses: { ...(op.responses ?? {}), [op.method === 'post' && !op.responses ? '200' : '200']: { description: 'Success', content: successContent }, ...errors },
  };
  if (op.access !== 'public') out.security = [{ bearer: [] }, { session: [] }];
  if (op.body) {
    const schema = schemaOf(op.body);
    const content: Json = { 'application/json': { schema, ...(op.bodyExample ? { example: op.bodyExample } : {}) } };
    if (op.form) content['application/x-www-form-urlencoded'] = { schema };
    out.requestBody = { required: true, content };
  }
  return out;
}

export function buildOpenApi(serverUrl: string, version: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of allOperations()) {
    paths[op.path] ??= {};
    paths[op.path][op.method] = operationObject(op);
  }
  const responses: Json = {};
  for (const [code, description] of [['401', 'Not signed in, or the token is invalid'], ['403', 'Signed in, but not allowed'], ['404', 'Not found'], ['409', 'Conflict with the current state'], ['422', 'Validation failed; details.fields names each field'], ['429', 'Too many failed sign-ins; see Retry-After']]) {
    responses[`Error${code}`] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'NetBird MSP Appliance API', version, description: 'JSON in snake_case. Authenticate with `Authorization: Bearer <token>` from POST /api/auth/token, or an API token (nbmsp_…). Every error has the shape `{ "error": { "code", "message", "details"? } }`.' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' } },
      schemas: { Error: errorSchema },
      responses,
    },
    paths,
  };
}
