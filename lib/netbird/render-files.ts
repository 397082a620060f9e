import Handlebars from 'handlebars';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { Layout } from './layout';
import type { TemplateContext } from './template-context';
import { caddyToken, concatValues, envValue, jsonValue, parseEnvFile, yamlText, yamlValue } from './template-helpers';
import { validateCombinedFiles } from './validate-config-yaml';
import { errorMessage } from '../caught';

/** The classic layout's files (NetBird up to v0.64). */
export const TENANT_FILES = ['management.json', 'Caddyfile', 'relay.env', 'dashboard.env', 'docker-compose.yml'] as const;
/** The combined layout's files: one config.yaml replaces management.json and relay.env. */
export const COMBINED_FILES = ['config.yaml', 'Caddyfile', 'dashboard.env', 'docker-compose.yml'] as const;
export type TenantFile = (typeof TENANT_FILES)[number] | (typeof COMBINED_FILES)[number];
export type RenderedFiles = Partial<Record<TenantFile, string>>;

export function tenantFilesOf(layout: Layout): readonly TenantFile[] {
  return layout === 'combined' ? COMBINED_FILES : TENANT_FILES;
}

/** The template a file is rendered from; the compose file differs per layout. */
function templateName(file: TenantFile, layout: Layout): string {
  return file === 'docker-compose.yml' && layout === 'combined' ? 'docker-compose.combined.yml' : file;
}

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
for (const [name, format] of Object.entries({ json: jsonValue, env: envValue, caddy: caddyToken, yaml: yamlValue, yamlText })) {
  hbs.registerHelper(name, (value: unknown, options: HelperOptions) => {
    if (value === undefined) throw new AppError('INTERNAL', `Missing value for {{${options.name}}} at template line ${options.loc?.start.line ?? '?'}`);
    return format(value);
  });
}

const compiled = new Map<string, HandlebarsTemplateDelegate<TemplateContext>>();

function template(file: string): HandlebarsTemplateDelegate<TemplateContext> {
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

/** The file's text; a file the layout should have rendered and did not is a bug here, not bad input. */
export function fileText(files: RenderedFiles, file: TenantFile): string {
  const text = files[file];
  if (text === undefined) throw new AppError('INTERNAL', `${file} was not rendered`);
  return text;
}

/** Checks what was rendered before anything is written. */
export function validateRendered(files: RenderedFiles, ctx: TemplateContext): void {
  for (const file of tenantFilesOf(ctx.layout)) {
    // Control characters other than tab/newline never belong in any of these files.
    if (/[\0-\x08\x0b-\x1f\x7f]/.test(fileText(files, file))) throw new AppError('INTERNAL', `Rendered ${file} contains control characters`);
  }
  if (ctx.layout === 'combined') {
    validateCombinedFiles(fileText(files, 'config.yaml'), ctx);
    validateEnvFiles(files, [['dashboard.env', ctx.dashboardEnv]]);
    return;
  }
  validateClassicFiles(files, ctx);
}

function validateEnvFiles(files: RenderedFiles, expected: [TenantFile, Record<string, string>][]): void {
  for (const [file, env] of expected) {
    if (!sameEnv(parseEnvFile(fileText(files, file)), env)) {
      throw new AppError('INTERNAL', `Rendered ${file} does not match the container environment`);
    }
  }
}

function validateClassicFiles(files: RenderedFiles, ctx: TemplateContext): void {
  let mgmt: { DataStoreEncryptionKey?: unknown; Relay?: { Secret?: unknown; Addresses?: unknown[] }; ReverseProxy?: { TrustedHTTPProxies?: unknown } };
  try {
    mgmt = JSON.parse(fileText(files, 'management.json'));
  } catch (err) {
    throw new AppError('INTERNAL', `Rendered management.json is not valid JSON: ${errorMessage(err)}`);
  }
  if (mgmt.DataStoreEncryptionKey !== ctx.encryptionKey || mgmt.Relay?.Secret !== ctx.relaySecret || mgmt.Relay?.Addresses?.[0] !== ctx.relayAddress) {
    throw new AppError('INTERNAL', 'Rendered management.json does not carry the tenant key, relay secret and address');
  }
  if (JSON.stringify(mgmt.ReverseProxy?.TrustedHTTPProxies) !== JSON.stringify(ctx.trustedProxies)) {
    throw new AppError('INTERNAL', 'Rendered management.json does not carry the trusted proxy ranges');
  }
  validateEnvFiles(files, [
    ['relay.env', ctx.relayEnv],
    ['dashboard.env', ctx.dashboardEnv],
  ]);
}

/** Renders every tenant file in memory and validates the result. Pure apart from reading templates. */
export function renderTenantFiles(ctx: TemplateContext): RenderedFiles {
  const files: RenderedFiles = {};
  for (const file of tenantFilesOf(ctx.layout)) {
    try {
      files[file] = template(templateName(file, ctx.layout))(ctx);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('INTERNAL', `Template ${file}.hbs failed: ${errorMessage(err)}`);
    }
  }
  validateRendered(files, ctx);
  return files;
}
