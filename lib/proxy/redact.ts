/**
 * Secrets the NPM client has seen (the password, every token). Any text that
 * leaves this module — error messages, log lines, details — goes through
 * `redactSecrets`, so a secret echoed back by NPM or a library cannot leak.
 */
const MAX_SECRETS = 64;
const secrets: string[] = [];

const PATTERNS: RegExp[] = [
  /eyJ[\w-]+\.[\w-]+\.[\w-]+/g, // anything shaped like a JWT
  /(Bearer\s+)\S+/gi,
];

export const REDACTED = '[redacted]';

export function registerSecret(value: string | undefined | null): void {
  // Very short values would redact ordinary words; NPM passwords and tokens are long.
  if (!value || value.length < 4 || secrets.includes(value)) return;
  secrets.push(value);
  if (secrets.length > MAX_SECRETS) secrets.shift();
}

export function redactSecrets(text: string): string {
  let out = text;
  // Longest first so a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
  for (const pattern of PATTERNS) out = out.replace(pattern, (_m, prefix?: string) => (typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED));
  return out;
}

/** Redacts every string inside a JSON-like value (for error details and log fields). */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') return redactFields(value);
  return value;
}

/** An object's fields redacted: a field named like a secret entirely, every other string inside it. */
export function redactFields(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, /password|secret|token/i.test(k) ? REDACTED : redactValue(v)]));
}
