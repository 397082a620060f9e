/** What the signed-in user may do with customers; the server checks the same permissions again. */
export interface CustomerAbilities {
  write: boolean;
  operate: boolean;
  logs: boolean;
  credentials: boolean;
  readMonitoring: boolean;
  /** Taking over a hand-made NPM proxy host: admins (settings:write) only. */
  adoptProxyHost: boolean;
  /** Moving the tenant to another Docker host: admins (settings:write) only. */
  moveHost: boolean;
  backup: boolean;
  restore: boolean;
}

export function abilitiesOf(permissions: readonly string[]): CustomerAbilities {
  const can = (p: string) => permissions.includes(p);
  return {
    write: can('customers:write'),
    operate: can('customers:operate'),
    logs: can('customers:logs'),
    credentials: can('customers:credentials'),
    readMonitoring: can('monitoring:read'),
    adoptProxyHost: can('settings:write'),
    moveHost: can('settings:write'),
    backup: can('backups:run'),
    restore: can('backups:restore'),
  };
}
