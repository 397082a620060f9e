import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactValue, registerSecret } from './redact';

describe('secret redaction', () => {
  it('removes registered secrets, JWT-shaped strings and bearer values', () => {
    registerSecret('hunter2-super-secret');
    const text = 'login failed for pw hunter2-super-secret with eyJhbGciOi.eyJzdWIiOjF9.c2lnbmF0dXJl and Authorization: Bearer abc.def';
    const out = redactSecrets(text);
    expect(out).not.toContain('hunter2-super-secret');
    expect(out).not.toContain('eyJhbGciOi');
    expect(out).not.toContain('abc.def');
    expect(out).toContain(REDACTED);
  });

  it('redacts nested values and secret-named keys', () => {
    registerSecret('nested-secret-value');
    expect(redactValue({ a: ['x nested-secret-value'], secret: 'plain', token: 't', ok: 1 })).toEqual({ a: [`x ${REDACTED}`], secret: REDACTED, token: REDACTED, ok: 1 });
  });

  it('ignores values too short to redact safely', () => {
    registerSecret('ab');
    expect(redactSecrets('about')).toBe('about');
  });
});
