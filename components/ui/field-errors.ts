import type { ZodError } from 'zod';
import { toApiError } from '@/client/queries/api-error';

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
  return Boolean(source && typeof source === 'object' && 'issues' in source && Array.isArray((source as ZodError).issues));
}

function issuesOf(source: unknown): Issue[] {
  if (!isZodError(source)) return toApiError(source).fields;
  return source.issues.map((i) => {
    const extra = i as { origin?: string; minimum?: number | bigint; maximum?: number | bigint };
    return { path: i.path.map(String).join('.'), message: i.message, code: i.code, origin: extra.origin, minimum: extra.minimum, maximum: extra.maximum };
  });
}

/** First message per field; `describe` turns an issue into the user's language. */
export function toFieldErrors(source: unknown, describe: (issue: Issue) => string = (i) => i.message): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issuesOf(source)) out[issue.path || '_'] ??= describe(issue);
  return out;
}
