import { z } from 'zod';
import { parseJsonColumn } from '../json-column';
import { PERMISSIONS, type Permission } from './permissions';

const scopesJson = z.array(z.string());

function isPermission(name: string): name is Permission {
  return PERMISSIONS.some((p) => p === name);
}

/**
 * ApiToken.scopes: a JSON array of permission names. A name this version does not know (a
 * permission since withdrawn) grants nothing and is dropped; anything but an array of strings is an error.
 */
export function parseScopes(stored: string): Permission[] {
  return parseJsonColumn(scopesJson, stored, 'ApiToken.scopes').filter(isPermission);
}

export function scopesToJson(scopes: readonly Permission[]): string {
  return JSON.stringify(scopes);
}
