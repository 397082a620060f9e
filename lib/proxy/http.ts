import { z } from 'zod';
import { AppError } from '../errors';
import { logProxy } from './log';
import { redactSecrets, redactValue } from './redact';
import { fieldOf, stringField } from '../caught';

/** Ordinary calls; certificate issuance passes its own, longer timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** NPM answered with an error status. Mapped to an AppError by the session, which knows the context. */
export class NpmVendorError extends Error {
  constructor(
    readonly status: number,
    readonly npmMessage: string,
    readonly method: string,
    readonly path: string,
    readonly debug?: unknown,
  ) {
    super(redactSecrets(`NPM answered ${status} to ${method} ${path}: ${npmMessage}`));
    this.name = 'NpmVendorError';
  }
}

export interface NpmRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below `/api`, e.g. `/nginx/proxy-hosts?query=acme`. */
  path: string;
  token?: string;
  body?: unknown;
  timeoutMs?: number;
}

const errorBody = z.object({
  error: z.object({ code: z.union([z.number(), z.string()]).optional(), message: z.string() }),
  debug: z.unknown().optional(),
});

/** `http://npm:81`, `http://npm:81/`, `http://npm:81/api` all name the same API. */
export function apiBase(npmUrl: string): string {
  return `${npmUrl.trim().replace(/\/+$/, '').replace(/\/api$/, '')}/api`;
}

function describeCause(err: unknown): string {
  const cause = fieldOf(err, 'cause');
  return stringField(cause, 'code') ?? stringField(cause, 'message') ?? (err instanceof Error ? err.message : String(err));
}

/** One HTTP round trip to NPM: JSON in and out, a timeout, errors without secrets. */
export async function sendNpmRequest(baseUrl: string, req: NpmRequest): Promise<unknown> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  // NPM only parses JSON bodies; without this header every body fails validation.
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${req.path}`, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(timeoutMs),
      // Next.js may cache fetch() in server code; NPM's state must always be read live.
      cache: 'no-store',
      // Never follow: NPM's own redirect (`/api` → port 81) goes to the wrong place, and a
      // redirect from a URL typed in Settings must not carry the request somewhere else.
      redirect: 'manual',
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const why = timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : describeCause(err);
    throw new AppError(
      'NPM_UNREACHABLE',
      redactSecrets(`Cannot reach Nginx Proxy Manager at ${baseUrl} (${why}). Check the NPM URL in Settings (e.g. http://npm:81) and that NPM is running and reachable from the appliance.`),
    );
  }
  const text = await res.text();
  logProxy('debug', 'npm request', { method: req.method, path: req.path, status: res.status, ms: Date.now() - started });
  let data: unknown;
  try {
    data = text === '' || (res.status >= 300 && res.status < 400) ? null : JSON.parse(text);
  } catch {
    // Not NPM's API (a login page, another service on the port): say so instead of a parse error.
    throw new AppError('NPM_ERROR', `${baseUrl}${req.path} answered ${res.status} with something that is not JSON. Check that the NPM URL points at NPM's admin port (usually 81).`);
  }
  if (res.status >= 300 && res.status < 400) {
    throw new AppError('NPM_ERROR', `${baseUrl}${req.path.split('?')[0]} answered ${res.status} (a redirect). The NPM URL must name NPM's admin port directly, e.g. http://npm:81.`);
  }
  if (!res.ok) {
    // Only NPM's own error message, and short: the URL may be any server, whose body is not ours to pass on.
    const parsed = errorBody.safeParse(data);
    const message = parsed.success ? parsed.data.error.message.slice(0, 200) : `HTTP ${res.status} without an NPM error body`;
    throw new NpmVendorError(res.status, message, req.method, req.path.split('?')[0], parsed.success ? redactValue(parsed.data.debug) : undefined);
  }
  return data;
}

/** Parses NPM's answer; a shape we do not understand is an NPM_ERROR naming what was expected. */
export function parseNpm<T extends z.ZodType>(schema: T, data: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new AppError('NPM_ERROR', redactSecrets(`Unexpected answer from NPM for ${what} (${issues}). Is this NPM v2.13 or later?`));
}
