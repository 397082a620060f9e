/**
 * Facts about a caught value. `catch (err)` gives `unknown` — usually an Error, sometimes an
 * Error with extra fields (Node's errno `code`, an HTTP library's `statusCode`), rarely
 * anything at all. These read it without pretending to know its type.
 */

/** The message of an Error, or the value as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A field of an object (e.g. `code` of a Node error), undefined for anything else. */
export function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? Reflect.get(value, key) : undefined;
}

/** A string field (e.g. Node's errno `code`: ENOENT), undefined when absent or not a string. */
export function stringField(value: unknown, key: string): string | undefined {
  const v = fieldOf(value, key);
  return typeof v === 'string' ? v : undefined;
}

/** A number field (e.g. an HTTP `statusCode`), undefined when absent or not a number. */
export function numberField(value: unknown, key: string): number | undefined {
  const v = fieldOf(value, key);
  return typeof v === 'number' ? v : undefined;
}
