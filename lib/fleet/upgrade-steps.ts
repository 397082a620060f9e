/** The steps of one tenant's upgrade job, as its live view shows them. */
export const UPGRADE_JOB_STEPS = ['snapshot', 'upgrade', 'gate', 'rollback'] as const;
export type UpgradeStep = (typeof UPGRADE_JOB_STEPS)[number];

/** Where a tenant of a plan is; the last four are final. `migrating`: its migrate job runs (a layout plan). */
export const TENANT_STATES = ['pending', 'backup', 'upgrading', 'health', 'migrating', 'rolling_back', 'succeeded', 'rolled_back', 'failed', 'skipped'] as const;
export type TenantState = (typeof TENANT_STATES)[number];
export const FINAL_TENANT_STATES: readonly TenantState[] = ['succeeded', 'rolled_back', 'failed', 'skipped'];
/** States in which the tenant's containers may be changing: a restart must settle them. */
export const IN_FLIGHT_STATES: readonly TenantState[] = ['backup', 'upgrading', 'health', 'migrating', 'rolling_back'];
