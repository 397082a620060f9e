/** Whether `value` is one of a fixed list (a `const` tuple of names), narrowing it to that union. */
export function isOneOf<T>(list: readonly T[], value: unknown): value is T {
  return list.some((item) => item === value);
}
