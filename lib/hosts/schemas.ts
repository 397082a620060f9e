import { z } from 'zod';

/** What an admin sets: `ready` takes new tenants, `cordoned` keeps its tenants but takes none, `draining` is being emptied. */
export const HOST_STATES = ['ready', 'cordoned', 'draining'] as const;
export type HostState = (typeof HOST_STATES)[number];
/** What a host shows: its set state, or `unreachable` while its engine does not answer. */
export type HostShownState = HostState | 'unreachable';

export const LOCAL_HOST_ID = 'local';

const SSH_ENDPOINT = /^ssh:\/\/[a-z_][a-z0-9_.-]{0,31}@([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?\/?$/;
const TCP_ENDPOINT = /^tcp:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}\/?$/;

/** The endpoint's port, if it names one, lies in 1–65535 (the pattern alone lets :0 and :99999 through). */
function endpointPortValid(v: string): boolean {
  const port = /:(\d{1,5})\/?$/.exec(v);
  return !port || (Number(port[1]) >= 1 && Number(port[1]) <= 65535);
}

const endpoint = z
  .string()
  .trim()
  .max(300)
  .refine((v) => SSH_ENDPOINT.test(v) || TCP_ENDPOINT.test(v), 'use ssh://user@host[:port] or tcp://host:port (TLS)')
  .refine((v) => endpointPortValid(v), 'the port must be between 1 and 65535');
const pem = (what: string) =>
  z
    .string()
    .max(20_000)
    .refine((v) => /-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----/.test(v), `must be a PEM ${what}`);
/** A host name or IP address, no scheme or port. */
const address = z
  .string()
  .trim()
  .max(253)
  .regex(/^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9A-Fa-f:.]+$/, 'must be a host name or an IP address');
const port = z.number().int().min(1024).max(65535);
const name = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'may contain letters, digits, space, dot, underscore and hyphen');
/** An absolute directory on the host, plain characters only: it is bind-mounted and deleted below. */
const tenantRoot = z
  .string()
  .trim()
  .max(200)
  .regex(/^(\/[A-Za-z0-9._-]+)+$/, 'must be an absolute directory such as /var/lib/netbird-msp/tenants')
  .refine((v) => !v.split('/').some((s) => s === '.' || s === '..'), 'must not contain . or .. segments');
/** An SSH host key fingerprint as `ssh-keygen -l -E sha256` prints it; pinned, the engine accepts no other key. */
const sshHostKey = z
  .string()
  .trim()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be a fingerprint such as SHA256:… (ssh-keygen -l -E sha256 -f <host key>.pub)');
const labels = z.array(z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9._=:-]+$/, 'letters, digits and . _ = : - only')).max(20);

const hostFields = {
  name,
  endpoint,
  ssh_private_key: pem('private key').optional(),
  tls_ca: pem('certificate').optional(),
  tls_cert: pem('certificate').optional(),
  tls_key: pem('private key').optional(),
  public_address: address,
  forward_address: address.optional(),
  dashboard_port_start: port.optional(),
  dashboard_port_end: port.optional(),
  relay_port_start: port.optional(),
  relay_port_end: port.optional(),
  labels: labels.optional(),
  tenant_root: tenantRoot.optional(),
  ssh_host_key: sshHostKey.optional(),
};

type RangeInput = { dashboard_port_start?: number; dashboard_port_end?: number; relay_port_start?: number; relay_port_end?: number };

function checkRanges(v: RangeInput, ctx: z.RefinementCtx): void {
  for (const kind of ['dashboard', 'relay'] as const) {
    const start = v[`${kind}_port_start`];
    const end = v[`${kind}_port_end`];
    if ((start === undefined) !== (end === undefined)) ctx.addIssue({ code: 'custom', path: [`${kind}_port_end`], message: 'set both ends of the range or neither' });
    else if (start !== undefined && end !== undefined && end < start) ctx.addIssue({ code: 'custom', path: [`${kind}_port_end`], message: 'must not be below the start' });
  }
}

/** Why a host key is refused for a TLS endpoint (here and by the service, which knows a stored endpoint). */
export const SSH_ONLY = 'only an ssh:// endpoint has an SSH host key';

/** The credentials an endpoint needs: a private key for ssh://, CA, certificate and key for tcp://. */
function checkCredentials(v: { endpoint?: string; ssh_private_key?: string; tls_ca?: string; tls_cert?: string; tls_key?: string; ssh_host_key?: string | null }, ctx: z.RefinementCtx): void {
  if (!v.endpoint) return;
  if (v.endpoint.startsWith('ssh://') && !v.ssh_private_key) ctx.addIssue({ code: 'custom', path: ['ssh_private_key'], message: 'an ssh:// endpoint needs a private key' });
  if (v.endpoint.startsWith('tcp://') && v.ssh_host_key) ctx.addIssue({ code: 'custom', path: ['ssh_host_key'], message: SSH_ONLY });
  if (v.endpoint.startsWith('tcp://')) {
    for (const f of ['tls_ca', 'tls_cert', 'tls_key'] as const) {
      if (!v[f]) ctx.addIssue({ code: 'custom', path: [f], message: 'a tcp:// endpoint needs the CA, a client certificate and its key (TLS)' });
    }
  }
}

export const createHostSchema = z.strictObject(hostFields).superRefine((v, ctx) => {
  checkRanges(v, ctx);
  checkCredentials(v, ctx);
});
export type CreateHostInput = z.infer<typeof createHostSchema>;

/** A changed endpoint must come with its credentials again; unchanged credentials may be left out. */
export const updateHostSchema = z
  .strictObject(hostFields)
  .partial()
  // null forgets a pinned host key: the next successful connection test pins the one it sees.
  .extend({ forward_address: address.nullable().optional(), ssh_host_key: sshHostKey.nullable().optional(), state: z.enum(HOST_STATES).optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })
  .superRefine((v, ctx) => {
    checkRanges(v, ctx);
    checkCredentials(v, ctx);
  });
export type UpdateHostInput = z.infer<typeof updateHostSchema>;

export const hostFactsViewSchema = z.object({
  engine_version: z.string(),
  api_version: z.string(),
  os: z.string(),
  architecture: z.string(),
  cpus: z.number(),
  memory_total_bytes: z.number(),
  memory_free_bytes: z.number().nullable(),
  disk_free_bytes: z.number().nullable(),
  images: z.array(z.object({ image: z.string(), present: z.boolean() })),
  containers: z.number(),
  /** When these were measured (absent in facts stored before it was recorded). */
  measured_at: z.string().optional(),
});
export type HostFactsView = z.infer<typeof hostFactsViewSchema>;

export interface HostView {
  id: string;
  name: string;
  endpoint: string;
  transport: 'local' | 'ssh' | 'tls';
  public_address: string | null;
  forward_address: string | null;
  dashboard_ports: { start: number; end: number } | null;
  relay_ports: { start: number; end: number } | null;
  labels: string[];
  /** Where this host keeps its tenants' files (the local host: the data_dir setting, null here). */
  tenant_root: string | null;
  /** The SSH host key's fingerprint: set by the admin, or pinned at the first successful test (ssh:// only). */
  ssh_host_key: string | null;
  state: HostShownState;
  set_state: HostState;
  last_contact_at: string | null;
  last_error: string | null;
  facts: HostFactsView | null;
  tenants: number;
  /** Whether key material is stored (it is never returned). */
  has_credentials: boolean;
}
