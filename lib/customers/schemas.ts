import { z } from 'zod';
import { insightFilterShape } from '../insight/list-filters';

/** Names an MSP's customers must never get: they collide with infrastructure or mislead users. */
export const RESERVED_SUBDOMAINS = new Set([
  'www', 'api', 'admin', 'mail', 'smtp', 'imap', 'pop', 'pop3', 'ftp', 'npm', 'proxy', 'dashboard', 'app', 'appliance',
  'netbird', 'management', 'signal', 'relay', 'stun', 'turn', 'vpn', 'ns', 'ns1', 'ns2', 'dns', 'mx', 'autodiscover',
  'autoconfig', 'localhost', 'status', 'static', 'cdn', 'auth', 'login', 'sso', 'root', 'support', 'help', 'docs',
]);

export const subdomainSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'must be one DNS label: lowercase letters a–z, digits and hyphens, not starting or ending with a hyphen')
  .refine((s) => !RESERVED_SUBDOMAINS.has(s), 'is reserved; choose another');

/** What can be done to a customer's stack as a job; `deploy` on a deployed customer is a redeploy. */
export const CUSTOMER_OPERATIONS = ['deploy', 'start', 'stop', 'restart'] as const;
export type CustomerOperation = (typeof CUSTOMER_OPERATIONS)[number];

/** `POST /api/customers?wait=true|1` answers when the deploy job has finished. */
export const createCustomerQuerySchema = z.object({ wait: z.enum(['true', 'false', '1', '0']).optional() });

const name = z.string().trim().min(1, 'must not be empty').max(200);
const email = z.string().trim().max(254).email('must be a valid email address');
const maxDevices = z.number().int('must be a whole number').min(1).max(10_000);
const notes = z.string().max(5000).nullable().optional();

/** A Docker host's id (or name); absent or empty: placement picks the ready host with the most free capacity. */
const hostRef = z.string().trim().max(64).regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'must be a host id');

export const createCustomerSchema = z.strictObject({
  name,
  subdomain: subdomainSchema,
  email,
  max_devices: maxDevices,
  notes,
  host_id: z.union([hostRef, z.literal('').transform(() => undefined)]).optional(),
});

export const updateCustomerSchema = z
  .strictObject({ name: name.optional(), email: email.optional(), max_devices: maxDevices.optional(), notes, subdomain: subdomainSchema.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' });

/** `unreachable`: the tenant's Docker host does not answer; its containers' state is unknown, not failed. */
export const CUSTOMER_STATUSES = ['pending', 'deploying', 'active', 'inactive', 'error', 'unreachable', 'deleting'] as const;

export const listCustomersQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(25),
  search: z.string().trim().max(200).optional(),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  /** Only the customers on this Docker host. */
  host: hostRef.optional(),
  sort: z.enum(['name', 'subdomain', 'status', 'created_at', 'max_devices', 'peers_online']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  ...insightFilterShape,
});

export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;
export type ListCustomersQuery = z.infer<typeof listCustomersQuerySchema>;

/** Adopting a proxy host made by hand in NPM: its NPM id, as the NPM_HOST_FOREIGN error names it, confirms which host is taken over. */
export const adoptProxyHostSchema = z.object({
  host_id: z.coerce.number().int().positive(),
});
export type AdoptProxyHostInput = z.output<typeof adoptProxyHostSchema>;
