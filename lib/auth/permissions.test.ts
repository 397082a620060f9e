import { describe, expect, it } from 'vitest';
import { PERMISSIONS, permissionsOf, roleHas } from './permissions';

describe('permission table', () => {
  it('gives admins everything', () => {
    expect([...permissionsOf('admin')].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('lets operators run customers but not settings, users or secrets', () => {
    for (const p of ['customers:read', 'customers:write', 'customers:operate', 'customers:logs'] as const) expect(roleHas('operator', p)).toBe(true);
    for (const p of ['settings:write', 'settings:read', 'users:manage', 'customers:credentials', 'audit:read'] as const) expect(roleHas('operator', p)).toBe(false);
  });

  it('keeps viewers read-only and away from secrets', () => {
    expect(roleHas('viewer', 'customers:read')).toBe(true);
    for (const p of ['customers:write', 'customers:operate', 'customers:logs', 'customers:credentials', 'settings:write', 'users:manage'] as const) {
      expect(roleHas('viewer', p)).toBe(false);
    }
  });

  it('grants nothing to an unknown role', () => {
    expect(permissionsOf('root')).toEqual([]);
  });
});
