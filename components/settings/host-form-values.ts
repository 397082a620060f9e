import type { HostView } from '@/lib/hosts/schemas';

/** What the host form holds: text per field, exactly as typed. */
export const EMPTY_HOST_FORM = {
  name: '',
  endpoint: '',
  ssh_private_key: '',
  ssh_host_key: '',
  tls_ca: '',
  tls_cert: '',
  tls_key: '',
  public_address: '',
  forward_address: '',
  tenant_root: '',
  labels: '',
  dashboard_port_start: '',
  dashboard_port_end: '',
  relay_port_start: '',
  relay_port_end: '',
};
export type HostFormValues = typeof EMPTY_HOST_FORM;
export type HostFormKey = keyof HostFormValues;

const transportOf = (endpoint: string) => (endpoint.trim().startsWith('ssh://') ? 'ssh' : endpoint.trim().startsWith('tcp://') ? 'tls' : null);
const optional = (v: string) => v.trim() || undefined;
const labelsOf = (text: string) => text.split(',').map((l) => l.trim()).filter(Boolean);
/** A typed port as a number (not a number: NaN, which the schema names on its field); empty: not sent. */
const portOf = (v: string) => (v.trim() ? Number(v.trim()) : undefined);
const PORT_KEYS = ['dashboard_port_start', 'dashboard_port_end', 'relay_port_start', 'relay_port_end'] as const;
const ports = (v: HostFormValues) => Object.fromEntries(PORT_KEYS.flatMap((k) => (portOf(v[k]) === undefined ? [] : [[k, portOf(v[k])]])));

/** The form's values for a stored host; key material is never returned, so those stay empty. */
export function hostFormValues(host: HostView): HostFormValues {
  return {
    ...EMPTY_HOST_FORM,
    name: host.name,
    endpoint: host.endpoint,
    ssh_host_key: host.ssh_host_key ?? '',
    public_address: host.public_address ?? '',
    forward_address: host.forward_address ?? '',
    tenant_root: host.tenant_root ?? '',
    labels: host.labels.join(', '),
    dashboard_port_start: host.dashboard_ports ? String(host.dashboard_ports.start) : '',
    dashboard_port_end: host.dashboard_ports ? String(host.dashboard_ports.end) : '',
    relay_port_start: host.relay_ports ? String(host.relay_ports.start) : '',
    relay_port_end: host.relay_ports ? String(host.relay_ports.end) : '',
  };
}

/** The body of a create request (checked by createHostSchema afterwards): only the endpoint's own material. */
export function createHostBody(v: HostFormValues): Record<string, unknown> {
  const transport = transportOf(v.endpoint);
  return {
    name: v.name,
    endpoint: v.endpoint,
    public_address: v.public_address,
    forward_address: optional(v.forward_address),
    tenant_root: optional(v.tenant_root),
    labels: labelsOf(v.labels),
    ...ports(v),
    ...(transport === 'ssh' ? { ssh_private_key: optional(v.ssh_private_key), ssh_host_key: optional(v.ssh_host_key) } : {}),
    ...(transport === 'tls' ? { tls_ca: optional(v.tls_ca), tls_cert: optional(v.tls_cert), tls_key: optional(v.tls_key) } : {}),
  };
}

/**
 * The body of an update (checked by updateHostSchema): only what changed. Key material left empty
 * is kept as stored; an emptied forward address or host key is cleared (null); an emptied tenant
 * root is sent as typed, so the schema names the field instead of silently keeping the old one.
 */
export function updateHostBody(before: HostFormValues, v: HostFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const changed = (k: HostFormKey) => v[k].trim() !== before[k].trim();
  for (const k of ['name', 'endpoint', 'public_address', 'tenant_root'] as const) if (changed(k)) body[k] = v[k];
  if (changed('forward_address')) body.forward_address = optional(v.forward_address) ?? null;
  if (changed('labels')) body.labels = labelsOf(v.labels);
  // A range is sent whole when either end changed, so the schema checks the pair together.
  for (const kind of ['dashboard', 'relay'] as const) {
    const [start, end] = [`${kind}_port_start`, `${kind}_port_end`] as const;
    if (changed(start) || changed(end)) Object.assign(body, { [start]: portOf(v[start]) ?? Number.NaN, [end]: portOf(v[end]) ?? Number.NaN });
  }
  const transport = transportOf(v.endpoint);
  if (transport === 'ssh') {
    if (v.ssh_private_key.trim()) body.ssh_private_key = v.ssh_private_key;
    if (changed('ssh_host_key')) body.ssh_host_key = optional(v.ssh_host_key) ?? null;
  }
  if (transport === 'tls') for (const k of ['tls_ca', 'tls_cert', 'tls_key'] as const) if (v[k].trim()) body[k] = v[k];
  return body;
}
