import type { ErrorBody } from '@/lib/errors';

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
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
    const fields = (this.details as { fields?: FieldIssue[] } | undefined)?.fields;
    return Array.isArray(fields) ? fields : [];
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('NETWORK', err instanceof Error ? err.message : String(err));
}
