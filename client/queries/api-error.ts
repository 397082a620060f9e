import { z } from 'zod';
import { fieldOf } from '@/lib/caught';
import type { ErrorBody } from '@/lib/errors';

const fieldIssueSchema = z.object({ path: z.string(), message: z.string(), code: z.string().optional() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** The `error` of an answer in the one error shape, or null when the body is something else. */
const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
export function errorOfBody(body: unknown): z.infer<typeof errorBodySchema>['error'] | null {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success ? parsed.data.error : null;
}

/** An error from the REST API or a server action, in the one `{ code, message, details }` shape. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: string, message: string, status = 0, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  static from(error: ErrorBody['error'] | { code: string; message: string; details?: unknown }, status = 0): ApiError {
    return new ApiError(error.code, error.message, status, error.details);
  }

  /** Field issues of a VALIDATION_FAILED answer, keyed by path. */
  get fields(): FieldIssue[] {
    const fields = z.array(fieldIssueSchema).safeParse(fieldOf(this.details, 'fields'));
    return fields.success ? fields.data : [];
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('NETWORK', err instanceof Error ? err.message : String(err));
}
