import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './safe-callback';

// Issue 14, finding 4: after sign-in only same-origin relative paths are followed.
describe('safeCallbackPath', () => {
  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['https://evil.example/'],
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/%0a/evil.example'],
    ['data:text/html,hi'],
    [' /x'],
    ['customers'],
  ])('refuses %s', (value) => {
    expect(safeCallbackPath(value)).toBe('/');
  });

  it('falls back to / when there is none', () => {
    expect(safeCallbackPath(null)).toBe('/');
    expect(safeCallbackPath('')).toBe('/');
  });

  it('keeps same-origin paths with query and hash', () => {
    expect(safeCallbackPath('/monitoring?range=24h')).toBe('/monitoring?range=24h');
    expect(safeCallbackPath('/customers/abc#jobs')).toBe('/customers/abc#jobs');
  });
});
