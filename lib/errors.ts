import { ZodError } from 'zod';

/** Every failure a user can cause or see. The code doubles as the i18n key `errors.<code>`. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_REQUIRED: 401,
  INVALID_TOTP: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SUBDOMAIN_TAKEN: 409,
  USERNAME_TAKEN: 409,
  LAST_ADMIN: 409,
  TOTP_ALREADY_ENABLED: 409,
  TOTP_NOT_ENABLED: 409,
  TOTP_NOT_LOCAL: 409,
  JOB_RUNNING: 409,
  PORT_RANGE_EXHAUSTED: 409,
  // Hosts (lib/hosts)
  HOST_NAME_TAKEN: 409,
  HOST_IN_USE: 409,
  HOST_BUSY: 409,
  HOST_LOCAL: 409,
  HOST_NOT_READY: 409,
  MOVE_SAME_ENGINE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DOCKER_UNAVAILABLE: 502,
  IMAGE_UNAVAILABLE: 502,
  NPM_UNREACHABLE: 502,
  NPM_AUTH_FAILED: 502,
  NPM_2FA_ENABLED: 502,
  NPM_FORBIDDEN: 502,
  NPM_ERROR: 502,
  NPM_NOT_CONFIGURED: 409,
  NPM_CERTIFICATE_MISSING: 409,
  NPM_CERTIFICATE_FAILED: 502,
  NPM_CERTIFICATE_BACKOFF: 503,
  NPM_HOST_OFFLINE: 502,
  NPM_HOST_FOREIGN: 409,
  TENANT_UNREACHABLE: 502,
  TENANT_AUTH_FAILED: 502,
  TENANT_OWNER_EXISTS: 409,
  TENANT_SETUP_OPEN: 502,
  STACK_UNHEALTHY: 502,
  TIMEOUT: 504,
  // Backups (lib/backups)
  BACKUP_NOT_CONFIGURED: 409,
  BACKUP_ENGINE_MISSING: 503,
  BACKUP_REPO_UNREACHABLE: 502,
  BACKUP_REPO_NOT_FOUND: 502,
  BACKUP_WRONG_PASSWORD: 502,
  BACKUP_REPO_LOCKED: 409,
  BACKUP_NO_SPACE: 507,
  BACKUP_DAMAGED: 502,
  BACKUP_FAILED: 502,
  UPGRADE_PEERS_MISSING: 502,
  UPGRADE_PLAN_EMPTY: 422,
  UPGRADE_PLAN_STATE: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** Extra response headers, e.g. Retry-After for RATE_LIMITED. */
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

/** Zod issues as flat `a.b.0` field paths, the shape the UI and API clients read. */
export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

export function validationError(error: ZodError): AppError {
  const issues = fieldIssues(error);
  const fields = issues.map((i) => i.path || '(body)').join(', ');
  return new AppError('VALIDATION_FAILED', `Invalid value for: ${fields}`, { fields: issues });
}

/** Maps anything thrown to the one error shape and status. Unknown errors never leak their text. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof ZodError) err = validationError(err);
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details !== undefined) body.error.details = err.details;
    return { status: err.status, body, headers: err.headers };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Internal error. The details are in the appliance log.' } },
  };
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
