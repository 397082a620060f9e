import 'server-only';
import path from 'node:path';
import { z } from 'zod';

/** Example values from docs and templates that must never protect real secrets. */
const KNOWN_EXAMPLE_KEYS = new Set([
  'change-me-change-me-change-me-change-me',
  'changeme-changeme-changeme-changeme',
  'your-secret-key-here-at-least-32-characters',
  'replace-with-a-random-32-character-secret',
  'secret-key-secret-key-secret-key-secret',
  '0123456789abcdef0123456789abcdef',
  '00000000000000000000000000000000',
]);

const DEV_SECRET_KEY = 'development-only-secret-key-not-for-production-use';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    WEB_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
    DATABASE_PATH: z.string().min(1).default('./data/netbird_msp.db'),
    DATA_DIR: z.string().min(1).default('./data/tenants'),
    SECRET_KEY: z.string().optional(),
    DOCKER_NETWORK: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'must be a Docker network name')
      .default('npm-network'),
    DOCKER_HOST: z.string().optional(),
    HOST_IP: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    ADMIN_USERNAME: z.string().min(1).max(64).default('admin'),
    ADMIN_PASSWORD: z.string().optional().transform((v) => v || undefined),
    ADMIN_EMAIL: z.string().email().optional().or(z.literal('').transform(() => undefined)),
    APP_URL: z.string().url().optional(),
  })
  .superRefine((env, ctx) => {
    const key = env.SECRET_KEY;
    if (env.NODE_ENV === 'production' && !key) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'is required in production (generate one with: openssl rand -hex 32)' });
      return;
    }
    if (key === undefined) return;
    if (key.length < 32) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'must be at least 32 characters (generate one with: openssl rand -hex 32)' });
    }
    if (KNOWN_EXAMPLE_KEYS.has(key.toLowerCase()) || key === DEV_SECRET_KEY || /^(.)\1+$/.test(key)) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'is a known example value; generate your own with: openssl rand -hex 32' });
    }
  });

export type Env = z.infer<typeof schema> & { SECRET_KEY: string };

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = result.data;
  return {
    ...env,
    DATABASE_PATH: path.resolve(/*turbopackIgnore: true*/ env.DATABASE_PATH),
    DATA_DIR: path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR),
    SECRET_KEY: env.SECRET_KEY ?? DEV_SECRET_KEY,
  };
}

let cached: Env | undefined;

/** The environment, parsed once. Throws a readable message listing every bad variable. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
