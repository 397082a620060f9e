import { z } from 'zod';

/** NPM's booleans are booleans in v2.15 but were 0/1 in older releases; accept both. */
const flag = z.union([z.boolean(), z.number()]).transform((v) => Boolean(v));

export const tokenSchema = z.object({ token: z.string().min(1), expires: z.string() });
export const loginSchema = z.union([
  tokenSchema,
  z.object({ requires_2fa: z.literal(true), challenge_token: z.string().optional() }),
]);

export const apiStatusSchema = z.looseObject({
  status: z.string(),
  setup: z.boolean().optional(),
  version: z.union([
    z.object({ major: z.number(), minor: z.number(), revision: z.number() }).transform((v) => `${v.major}.${v.minor}.${v.revision}`),
    z.string(),
  ]).optional(),
});

export const certificateSchema = z.looseObject({
  id: z.number().int(),
  provider: z.string(),
  nice_name: z.string().default(''),
  domain_names: z.array(z.string()),
  expires_on: z.string().nullable().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type NpmCertificate = z.output<typeof certificateSchema>;

export const proxyHostSchema = z.looseObject({
  id: z.number().int(),
  domain_names: z.array(z.string()),
  forward_scheme: z.string(),
  forward_host: z.string(),
  forward_port: z.coerce.number().int(),
  certificate_id: z.coerce.number().int().catch(0),
  ssl_forced: flag,
  http2_support: flag,
  allow_websocket_upgrade: flag,
  block_exploits: flag,
  hsts_enabled: flag.optional(),
  enabled: flag.optional(),
  advanced_config: z.string().default(''),
  meta: z.looseObject({ nginx_online: z.boolean().optional(), nginx_err: z.string().nullable().optional() }).default({}),
  certificate: certificateSchema.nullable().optional(),
});
export type NpmProxyHost = z.output<typeof proxyHostSchema>;

export const userMeSchema = z.looseObject({
  roles: z.array(z.string()).default([]),
  permissions: z.looseObject({ proxy_hosts: z.string().optional(), certificates: z.string().optional() }).nullable().optional(),
});

/** `DELETE` answers `true`. */
export const deletedSchema = z.literal(true);
