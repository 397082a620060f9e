import { describe, expect, it } from 'vitest';
import { caddyToken, envValue, jsonValue, parseEnvFile, yamlValue } from './template-helpers';

const HOSTILE = ['a"b', 'back\\slash', 'line\nbreak', '{{evil}}', '$(touch /tmp/x)', "it's", '`id`', '} :80 {', '# comment', '\u2028x'];

describe('template helpers', () => {
  it('json: every hostile value round-trips through JSON.parse', () => {
    for (const v of HOSTILE) expect(JSON.parse(`{"k": ${jsonValue(v)}}`).k).toBe(v);
  });

  it('env: plain values stay bare, others are quoted or refused, never a stray line', () => {
    expect(envValue('rels://acme.example.com:443')).toBe('rels://acme.example.com:443');
    expect(envValue('openid profile email groups')).toBe('openid profile email groups');
    expect(envValue('abc+/def')).toBe('abc+/def');
    expect(envValue(3479)).toBe('3479');
    for (const v of HOSTILE) {
      let out: string;
      try {
        out = envValue(v);
      } catch (err) {
        expect(String(err)).toMatch(/cannot be written to a env file/);
        continue;
      }
      expect(out).not.toMatch(/[\r\n]/);
      expect(parseEnvFile(`K=${out}\n`)).toEqual({ K: v });
    }
    expect(() => envValue('a\nB=injected')).toThrow();
  });

  it('caddy: only plain tokens pass', () => {
    expect(caddyToken('h2c://netbird-acme-signal:10000')).toBe('h2c://netbird-acme-signal:10000');
    for (const v of HOSTILE) expect(() => caddyToken(v)).toThrow(/Caddyfile/);
  });

  it('yaml: a single double-quoted line with $ escaped for compose', () => {
    expect(yamlValue('$(touch /tmp/x)')).toBe('"$$(touch /tmp/x)"');
    for (const v of HOSTILE) {
      const out = yamlValue(v);
      expect(out).not.toMatch(/\n/);
      expect(JSON.parse(out.replace(/\$\$/g, '$'))).toBe(v);
    }
  });

  it('refuses non-scalars instead of printing [object Object]', () => {
    expect(() => jsonValue({})).toThrow(/scalar/);
    expect(() => envValue(undefined)).toThrow(/scalar/);
  });
});
