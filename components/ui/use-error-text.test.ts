import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '@/lib/errors';
import de from '@/messages/de.json';
import en from '@/messages/en.json';
import { detailValues, namedValues } from './use-error-text';

describe('error texts', () => {
  it('every error code the API can answer has a text in English and in German, naming the same values', () => {
    const codes = Object.keys(ERROR_STATUS);
    const missing = (catalogue: Record<string, string>) => codes.filter((c) => !(c in catalogue));
    expect(missing(en.errors)).toEqual([]);
    expect(missing(de.errors)).toEqual([]);
    const deErrors: Record<string, string> = de.errors;
    for (const [code, text] of Object.entries(en.errors)) expect([code, namedValues(deErrors[code] ?? '').sort()]).toEqual([code, namedValues(text).sort()]);
  });

  it('fills a text only from details that are strings or numbers', () => {
    expect(detailValues({ domain: 'a.example.com', failures: 3, nested: { x: 1 }, list: [1], none: null })).toEqual({ domain: 'a.example.com', failures: 3 });
    expect(detailValues(undefined)).toEqual({});
    expect(detailValues('text')).toEqual({});
    expect(namedValues("for {domain} not before {retryAt}, it's {domain}")).toEqual(['domain', 'retryAt', 'domain']);
  });
});
