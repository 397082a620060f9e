import type { ActionResult } from '@/lib/api/action';
import { ApiError, errorOfBody } from './api-error';

/**
 * Fetches the REST API with the browser session (same-origin fetch sends the cookie)
 * and throws an ApiError from the `{ error: { code, message, details } }` shape.
 */
export async function fetchApi<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init, headers: { Accept: 'application/json', ...init?.headers } });
  } catch (err) {
    throw new ApiError('NETWORK', err instanceof Error ? err.message : 'network error');
  }
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError('INTERNAL', `Unexpected answer from ${path} (${res.status}).`, res.status);
    }
  }
  if (!res.ok) {
    const error = errorOfBody(body);
    throw error ? ApiError.from(error, res.status) : new ApiError('INTERNAL', `${path} answered ${res.status}.`, res.status);
  }
  // cast: the caller names the route's answer type (declared once in lib/ beside the route's core).
  return body as T;
}

export function postApi<T>(path: string, body: unknown): Promise<T> {
  return fetchApi<T>(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** A server action's result as a value, or an ApiError thrown — what TanStack mutations expect. */
export async function unwrapAction<T>(result: Promise<ActionResult<T>>): Promise<T> {
  let settled: ActionResult<T>;
  try {
    settled = await result;
  } catch (err) {
    throw new ApiError('NETWORK', err instanceof Error ? err.message : 'the server did not answer');
  }
  if (!settled.ok) throw ApiError.from(settled.error);
  return settled.data;
}

/** A query string from the filled-in values only. */
export function toQueryString(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
