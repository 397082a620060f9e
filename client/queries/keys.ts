/** Every query key in one place, so a mutation invalidates exactly what it changed. */
export const queryKeys = {
  settings: ['settings'] as const,
  branding: ['settings', 'branding'] as const,
  // Under settings: saving any setting checks the setup list again.
  setup: ['settings', 'setup'] as const,
  npmCertificates: (url: string, email: string) => ['settings', 'npm-certificates', url, email] as const,
  users: ['users'] as const,
  hosts: ['hosts'] as const,
  tokens: ['tokens'] as const,
  audit: (filters: Record<string, string | number>) => ['audit', filters] as const,
  auditAll: ['audit'] as const,
  monitoringHost: ['monitoring', 'host'] as const,
  monitoringCustomers: (params: Record<string, string | number>) => ['monitoring', 'customers', params] as const,
  monitoringHistory: (scope: 'host' | 'customer', customerId?: string) => ['monitoring', 'history', scope, customerId ?? null] as const,
  customers: ['customers'] as const,
  customerList: (params: Record<string, string | number>) => ['customers', 'list', params] as const,
  customer: (id: string) => ['customers', 'detail', id] as const,
  customerHealth: (id: string) => ['customers', 'detail', id, 'health'] as const,
  customerStats: (id: string) => ['customers', 'detail', id, 'stats'] as const,
  customerJobs: (id: string) => ['customers', 'detail', id, 'jobs'] as const,
  customerCredentials: (id: string) => ['customers', 'credentials', id] as const,
};
