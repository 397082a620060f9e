/**
 * Test people of the local issuer. Groups are opaque ids, like Entra's group
 * object ids: the appliance must only ever compare them, never interpret them.
 */
export interface OidcAccount {
  name: string;
  email: string;
  groups: string[];
}

export const GROUPS = {
  staff: 'grp-msp-staff',
  operators: 'grp-msp-operators',
  admins: 'grp-msp-admins',
  outsiders: 'grp-customers',
} as const;

export const OIDC_ACCOUNTS: Record<string, OidcAccount> = {
  alice: { name: 'Alice Viewer', email: 'alice@msp.example.com', groups: [GROUPS.staff] },
  oscar: { name: 'Oscar Operator', email: 'oscar@msp.example.com', groups: [GROUPS.staff, GROUPS.operators] },
  ada: { name: 'Ada Admin', email: 'ada@msp.example.com', groups: [GROUPS.staff, GROUPS.admins] },
  eve: { name: 'Eve Outsider', email: 'eve@customer.example.com', groups: [GROUPS.outsiders] },
  dora: { name: 'Dora Disabled', email: 'dora@msp.example.com', groups: [GROUPS.staff] },
};
