/** Labels every tenant container carries. Containers are found by these, never by name. */
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
