import type { ZodError } from 'zod';
import { toApiError } from '@/client/queries/api-error';
import { fieldOf, stringField } from '@/lib/caught';

export type FieldErrors = Record<string, string>;

/** One field issue, from zod in the browser or from the server's VALIDATION_FAILED details. */
export interface Issue {
  path: string;
  message: string;
  code?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
}

function isZodError(source: unknown): source is ZodError {
  return Boolean(source && typeof source === 'object' && 'issues' in source && Array.isArray(source.issues));
}

function bound(value: unknown): number | bigint | undefined {
  return typeof value === 'number' || typeof value === 'bigint' ? value : undefined;
}

function issuesOf(source: unknown): Issue[] {
  if (!isZodError(source)) return toApiError(source).fields;
  return source.issues.map((i) => {
    // Only some issue kinds carry these (too_small: origin and minimum, too_big: maximum…).
    return { path: i.path.map(String).join('.'), message: i.message, code: i.code, origin: stringField(i, 'origin'), minimum: bound(fieldOf(i, 'minimum')), maximum: bound(fieldOf(i, 'maximum')) };
  });
}

/** First message per field; `describe` turns an issue into the user's language. */
export function toFieldErrors(source: unknown, describe: (issue: Issue) => string = (i) => i.message): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issuesOf(source)) out[issue.path || '_'] ??= describe(issue);
  return out;
}
