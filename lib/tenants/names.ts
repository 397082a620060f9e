/**
 * The names a tenant's resources carry, in one place: its public domain, its containers and
 * its Docker network. The stack, the proxy, the customer view and the benches all derive them
 * from here, so they can never disagree. Pure: safe on both sides of the server/client line.
 */

/**
 * The tenant's public domain, lower-cased. Without a base domain (a fresh appliance, a laptop)
 * it is `<sub>.localhost`, which resolves to loopback everywhere, so the stack still renders
 * and runs; the proxy refuses to create a host until the base domain is set.
 */
export function tenantDomain(subdomain: string, baseDomain: string): string {
  return `${subdomain}.${baseDomain || 'localhost'}`.toLowerCase();
}

/** `netbird-<sub>-<service>`: the container of one of the tenant's services. */
export function tenantContainerName(subdomain: string, service: string): string {
  return `netbird-${subdomain}-${service}`;
}

/** `netbird-<sub>`: the tenant's own bridge network. */
export function tenantNetworkName(subdomain: string): string {
  return `netbird-${subdomain}`;
}
