import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi, type ResponseConfig, type RouteConfig, type ZodContentObject } from '@asteasolutions/zod-to-openapi';
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
import './operations-hosts';
import './operations-upgrades';
import './operations-moves';
import './operations-insight';

// The registry names a component schema through the `.openapi()` method this adds to zod's schemas
// (to those made after this call).
extendZodWithOpenApi(z);

/** The one error shape every route answers with (lib/errors). */
const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS)),
      message: z.string(),
      details: z.unknown().optional().meta({ description: 'For VALIDATION_FAILED: { fields: [{ path, message, code }] }' }),
    }),
  });

const ERROR_RESPONSES = {
  '401': 'Not signed in, or the token is invalid',
  '403': 'Signed in, but not allowed',
  '404': 'Not found',
  '409': 'Conflict with the current state',
  '422': 'Validation failed; details.fields names each field',
  '429': 'Too many failed sign-ins; see Retry-After',
};

function pathParameters(path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  return names.length ? z.object(Object.fromEntries(names.map((name) => [name, z.string()]))) : undefined;
}

function successResponse(op: Operation): ResponseConfig {
  if (op.stream) return { description: 'Success', content: { [op.stream]: { schema: { type: 'string' } } } };
  const example = op.responseExample === undefined ? {} : { example: op.responseExample };
  return { description: 'Success', content: { 'application/json': { schema: op.response ?? { type: 'object' }, ...example } } };
}

function routeOf(op: Operation): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [code, description] of Object.entries(op.responses ?? {})) responses[code] = { description };
  responses['200'] = successResponse(op);
  const errorCodes = op.access === 'public' ? ['422', '429'] : ['401', '403', '404', '409', '422'];
  for (const code of errorCodes) responses[code] = { $ref: `#/components/responses/Error${code}` };
  let body: ZodContentObject | undefined;
  if (op.body) {
    const example = op.bodyExample === undefined ? {} : { example: op.bodyExample };
    body = { 'application/json': { schema: op.body, ...example } };
    if (op.form) body['application/x-www-form-urlencoded'] = { schema: op.body };
  }
  return {
    method: op.method,
    path: op.path,
    tags: [op.tag],
    summary: op.summary,
    description: `${op.description ?? ''}\n\nAccess: \`${op.access}\``.trim(),
    ...(op.access === 'public' ? {} : { security: [{ bearer: [] }, { session: [] }] }),
    request: { params: pathParameters(op.path), query: op.query, ...(body ? { body: { required: true, content: body } } : {}) },
    responses,
  };
}

/** The OpenAPI 3.1 document of every operation in `registry.ts`, generated from the routes' zod schemas. */
export function buildOpenApi(serverUrl: string, version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' });
  registry.register('Error', errorSchema);
  for (const [code, description] of Object.entries(ERROR_RESPONSES)) {
    registry.registerComponent('responses', `Error${code}`, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  }
  for (const op of allOperations()) registry.registerPath(routeOf(op));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'NetBird MSP Appliance API',
      version,
      description: 'JSON in snake_case. Authenticate with `Authorization: Bearer <token>` from POST /api/auth/token, or an API token (nbmsp_…). Every error has the shape `{ "error": { "code", "message", "details"? } }`.',
    },
    servers: [{ url: serverUrl }],
  });
}
