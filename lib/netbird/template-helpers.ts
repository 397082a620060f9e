import { AppError } from '../errors';

/**
 * One escaping helper per output format. Handlebars' HTML escaping is wrong for all of
 * them, and no escaping at all would let a value break out of its field. A value that
 * cannot be written safely in a format is refused, never written half-escaped.
 */
type Scalar = string | number | boolean;

function scalar(value: unknown, helper: string): Scalar {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new AppError('INTERNAL', `Template helper ${helper} got a ${value === null ? 'null' : typeof value} instead of a scalar`);
}

function refuse(format: string, value: Scalar, why: string): never {
  // The value itself may be a secret: name only what is wrong with it.
  throw new AppError('VALIDATION_FAILED', `A value (${String(value).length} characters) cannot be written to a ${format}: ${why}`);
}

/** A JSON string/number literal, quotes included. */
export function jsonValue(value: unknown): string {
  return JSON.stringify(scalar(value, 'json'));
}

const ENV_BARE = /^[\w.,:/@+=%-]+(?: [\w.,:/@+=%-]+)*$/;

/**
 * A value for a `KEY=value` env file as docker compose reads it. Plain values stay bare
 * (so files look like NetBird's own examples); anything else is single-quoted, which compose
 * takes literally (no `$` interpolation, no escapes). Newlines and single quotes are refused.
 */
export function envValue(value: unknown): string {
  const s = String(scalar(value, 'env'));
  if (s === '' || ENV_BARE.test(s)) return s;
  if (/[\r\n\0]/.test(s)) refuse('env file', s, 'it contains a line break or NUL');
  if (s.includes("'")) refuse('env file', s, 'it contains a single quote');
  return `'${s}'`;
}

const CADDY_TOKEN = /^[A-Za-z0-9._:/[\]-]+$/;

/** One Caddyfile token (an upstream address): no spaces, quotes, braces, placeholders or comments. */
export function caddyToken(value: unknown): string {
  const s = String(scalar(value, 'caddy'));
  if (!CADDY_TOKEN.test(s)) refuse('Caddyfile', s, 'only letters, digits and . _ : / [ ] - are allowed in a token');
  return s;
}

/**
 * A YAML double-quoted scalar. JSON string syntax is valid YAML; `$` is doubled because
 * docker compose interpolates `$VAR` and `$(...)` in values.
 */
export function yamlValue(value: unknown): string {
  return JSON.stringify(String(scalar(value, 'yaml'))).replace(/\$/g, '$$$$');
}

/** `{{concat a ":" b}}`: joins scalars; the last argument is Handlebars' options object. */
export function concatValues(...args: unknown[]): string {
  return args
    .slice(0, -1)
    .map((a) => String(scalar(a, 'concat')))
    .join('');
}

/** Reads an env file the way compose does for the values envValue writes. */
export function parseEnvFile(content: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of content.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) throw new AppError('INTERNAL', `Env file line without KEY=: ${line.slice(0, 40)}`);
    const key = line.slice(0, eq);
    let value = line.slice(eq + 1);
    if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
    out[key] = value;
  }
  return out;
}

/**
 * A YAML double-quoted scalar for a file NetBird itself reads (config.yaml): JSON string
 * syntax, which YAML 1.2 parses to the same string. Unlike `yaml`, no `$` doubling: only
 * docker compose interpolates, NetBird does not.
 */
export function yamlText(value: unknown): string {
  return JSON.stringify(String(scalar(value, 'yamlText')));
}
