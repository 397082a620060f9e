/**
 * What a restore of the appliance database does with each table of prisma/schema.prisma. Every
 * model is named here on purpose (a test compares this list with the schema), so a new table
 * is a decision, not an accident.
 */

/** Replaced by the backup's rows (the columns both versions share), parents first. */
export const REPLACED_TABLES = [
  'User',
  'ApiToken',
  'Customer',
  // Deployment.hostId names a Host row: without the hosts, remote tenants have no engine.
  'Host',
  'Deployment',
  // A pinned tenant must keep its images, or its next deploy would move it to the fleet default.
  'TenantPin',
  'TenantInsight',
  'Job',
  'JobStep',
  'AuditEvent',
  // Except this appliance's own backup settings (repository, password): see SETTING_KEPT.
  'Setting',
  'Backup',
  // The operator's alert channels (sealed secrets) and maintenance mutes are configuration.
  'NotificationChannel',
  'NotificationMute',
  // Fleet plans, moves and drains are history; the ones in flight are marked interrupted.
  'UpgradePlan',
  'UpgradeTenant',
  'TenantMove',
  'HostDrain',
] as const;

/** Kept and added to: a session signed out on either appliance stays signed out (same SECRET_KEY). */
export const MERGED_TABLES = ['RevokedSession'] as const;

/**
 * Emptied, not restored: alert events, their delivery outbox and pending conditions describe
 * the running state of tenants and channels that are being replaced. A restored outbox would
 * send old alerts again; the monitor raises whatever is still wrong from the live state.
 */
export const EMPTIED_TABLES = ['NotificationDelivery', 'NotificationEvent', 'NotificationPending'] as const;

/** Prisma's own bookkeeping: this appliance's migrations describe this appliance's schema. */
export const KEPT_TABLES = ['_prisma_migrations'] as const;

/** Settings of this appliance that a restore keeps (its repository and the password to it). */
export const SETTING_KEPT = 'backup.%';
