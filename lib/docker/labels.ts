/** Labels every tenant container carries. Containers are found by these, never by name (a name only marks a retired one, below). */
export const LABEL_CUSTOMER = 'netbird-msp.customer';
export const LABEL_SUBDOMAIN = 'netbird-msp.subdomain';
export const LABEL_SERVICE = 'netbird-msp.service';

export function customerFilter(customerId: string): { label: string[] } {
  return { label: [`${LABEL_CUSTOMER}=${customerId}`] };
}

/** Every container of every tenant. */
export function anyTenantFilter(): { label: string[] } {
  return { label: [LABEL_CUSTOMER] };
}

/**
 * A redeploy renames the running containers aside until their successors have started.
 * Labels cannot change after create, so the name is the only mark a retired container can get.
 * The suffix is digits only: a live name ends in a service name, so even a subdomain that
 * contains "-retired-" never makes a live container look retired.
 */
const RETIRED_SUFFIX = /-retired-\d+$/;

export function retiredName(name: string, at: Date = new Date()): string {
  return `${name}-retired-${Math.floor(at.getTime() / 1000)}`;
}

export function isRetiredName(name: string): boolean {
  return RETIRED_SUFFIX.test(name.replace(/^\//, ''));
}

/** The engine lists names with a leading slash; a container is retired when its name says so. */
export function isRetired(c: { Names?: string[] }): boolean {
  return (c.Names ?? []).some(isRetiredName);
}
