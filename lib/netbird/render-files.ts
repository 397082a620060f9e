import Handlebars from 'handlebars';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { TemplateContext } from './template-context';
import { caddyToken, concatValues, envValue, jsonValue, parseEnvFile, yamlValue } from './template-helpers';

export const TENANT_FILES = ['management.json', 'Caddyfile', 'relay.env', 'dashboard.env', 'docker-compose.yml'] as const;
export type TenantFile = (typeof TENANT_FILES)[number];
export type RenderedFiles = Record<TenantFile, string>;

/** The templates folder; TEMPLATES_DIR overrides it for a build that moves it. */
export function templatesDir(): string {
  // Resolved at run time (start.mjs copies templates/ beside the server); not traced into the bundle.
  return path.resolve(/*turbopackIgnore: true*/ process.env.TEMPLATES_DIR ?? path.join(process.cwd(), 'templates'));
}

// An isolated instance: only our helpers exist, nothing registered elsewhere can leak in.
const hbs = Handlebars.create();
hbs.registerHelper({ concat: concatValues });

interface HelperOptions {
  name: string;
  loc?: { start: { line: number } };
}

// Strict mode does not check helper arguments, so a missing one is caught here, with its place.
for (const [name, format] of Object.entries({ json: jsonValue, env: envValue, caddy: caddyToken, yaml: yamlValue })) {
  hbs.registerHelper(name, (value: unknown, options: HelperOptions) => {
    if (value === undefined) throw new AppError('INTERNAL', `Missing value for {{${options.name}}} at template line ${options.loc?.start.line ?? '?'}`);
    return format(value);
  });
}

const compiled = new Map<TenantFile, HandlebarsTemplateDelegate<TemplateContext>>();

function template(file: TenantFile): HandlebarsTemplateDelegate<TemplateContext> {
  let t = compiled.get(file);
  if (!t) {
    const src = fs.readFileSync(path.join(templatesDir(), `${file}.hbs`), 'utf8');
    // strict: a missing variable throws instead of rendering as an empty string.
    t = hbs.compile<TemplateContext>(src, { strict: true, noEscape: true });
    compiled.set(file, t);
  }
  return t;
}

function sameEnv(actual: Record<string, string>, expected: Record<string, string>): boolean {
  const keys = Object.keys(expected);
  return Object.keys(actual).length === keys.length && keys.every((k) => actual[k] === expected[k]);
}

/** Checks what was rendered before anything is written. */
export function validateRendered(files: RenderedFiles, ctx: TemplateContext): void {
  let mgmt: { DataStoreEncryptionKey?: unknown; Relay?: { Secret?: unknown; Addresses?: unknown[] } };
  try {
    mgmt = JSON.parse(files['management.json']);
  } catch (err) {
    throw new AppError('INTERNAL', `Rendered management.json is not valid JSON: ${(err as Error).message}`);
  }
  if (mgmt.DataStoreEncryptionKey !== ctx.encryptionKey || mgmt.Relay?.Secret !== ctx.relaySecret || mgmt.Relay?.Addresses?.[0] !== ctx.relayAddress) {
    throw new AppError('INTERNAL', 'Rendered management.json does not carry the tenant key, relay secret and address');
  }
  for (const [file, expected] of [
    ['relay.env', ctx.relayEnv],
    ['dashboard.env', ctx.dashboardEnv],
  ] as const) {
    if (!sameEnv(parseEnvFile(files[file]), expected)) {
      throw new AppError('INTERNAL', `Rendered ${file} does not match the container environment`);
    }
  }
  for (const file of TENANT_FILES) {
    // Control characters other than tab/newline never belong in any of these files.
    if (/[\0-\x08\x0b-\x1f\x7f]/.test(files[file])) throw new AppError('INTERNAL', `Rendered ${file} contains control characters`);
  }
}

/** Renders every tenant file in memory and validates the result. Pure apart from reading templates. */
export function renderTenantFiles(ctx: TemplateContext): RenderedFiles {
  const files = {} as RenderedFiles;
  for (const file of TENANT_FILES) {
    try {
      files[file] = template(file)(ctx);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('INTERNAL', `Template ${file}.hbs failed: ${(err as Error).message}`);
    }
  }
  validateRendered(files, ctx);
  return files;
}
