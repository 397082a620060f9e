import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonColumn } from './json-column';

describe('parseJsonColumn', () => {
  const schema = z.array(z.string());

  it('names the column when the text is not JSON', () => {
    expect(() => parseJsonColumn(schema, '[oops', 'User.recoveryCodes')).toThrow(/User\.recoveryCodes is not valid JSON/);
  });

  it('names the column and the bad element when the shape is wrong', () => {
    expect(() => parseJsonColumn(schema, '["a", 2]', 'User.recoveryCodes')).toThrow(/User\.recoveryCodes holds malformed data: 1 /);
  });

  it('returns the parsed value', () => {
    expect(parseJsonColumn(schema, '["a","b"]', 'User.recoveryCodes')).toEqual(['a', 'b']);
  });
});
