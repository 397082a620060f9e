import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, toErrorResponse } from './errors';

describe('error mapping', () => {
  it('maps each code to its status and the one shape', () => {
    const cases: [AppError, number][] = [
      [new AppError('UNAUTHENTICATED', 'who?'), 401],
      [new AppError('FORBIDDEN', 'no'), 403],
      [new AppError('NOT_FOUND', 'gone'), 404],
      [new AppError('SUBDOMAIN_TAKEN', 'taken'), 409],
      [new AppError('PAYLOAD_TOO_LARGE', 'big'), 413],
      [new AppError('RATE_LIMITED', 'slow', undefined, { 'Retry-After': '60' }), 429],
      [new AppError('MALFORMED_JSON', 'bad'), 400],
    ];
    for (const [err, status] of cases) {
      const res = toErrorResponse(err);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: { code: err.code, message: err.message } });
    }
    expect(toErrorResponse(cases[5][0]).headers).toEqual({ 'Retry-After': '60' });
  });

  it('turns a ZodError into 422 with field paths', () => {
    const result = z.object({ a: z.object({ b: z.number() }), c: z.string() }).safeParse({ a: { b: 'x' } });
    const res = toErrorResponse(result.error);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.error.details as { fields: { path: string }[] }).fields.map((f) => f.path);
    expect(fields).toEqual(['a.b', 'c']);
  });

  it('never leaks the text of an unexpected error', () => {
    const res = toErrorResponse(new Error('SQLITE_CORRUPT at /var/secret/path'));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('/var/secret');
  });
});
