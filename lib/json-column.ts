import type { z } from 'zod';
import { AppError } from './errors';

/**
 * A JSON text column read back through its schema. Bad data is named (which column, what is
 * wrong) instead of travelling on under a type it does not have.
 */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, column: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError('INTERNAL', `${column} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INTERNAL', `${column} holds malformed data: ${issue.path.join('.') || '(value)'} ${issue.message}`);
  }
  return parsed.data;
}
