import 'server-only';
import type { Host } from '../generated/prisma/client';
import { HOST_STATES, LOCAL_HOST_ID, hostFactsViewSchema, type HostFactsView, type HostState, type HostView } from './schemas';
import { isOneOf } from '../one-of';

function range(start: number | null, end: number | null): { start: number; end: number } | null {
  return start !== null && end !== null ? { start, end } : null;
}

/** JSON the appliance wrote itself; a damaged value reads as absent rather than breaking the host list. */
function parseStored(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return null;
    throw err;
  }
}

function parseFacts(text: string | null): HostFactsView | null {
  const parsed = hostFactsViewSchema.safeParse(parseStored(text));
  return parsed.success ? parsed.data : null;
}

/** The stored state; only this module's writers set it, so anything else reads as the default. */
function hostState(value: string): HostState {
  return isOneOf(HOST_STATES, value) ? value : 'ready';
}

function parseLabels(text: string): string[] {
  const value = parseStored(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function toHostView(row: Host, tenants: number): HostView {
  const transport = row.id === LOCAL_HOST_ID ? 'local' : row.endpoint.startsWith('ssh://') ? 'ssh' : 'tls';
  return {
    id: row.id,
    name: row.name,
    endpoint: row.endpoint,
    transport,
    public_address: row.publicAddress,
    forward_address: row.forwardAddress,
    dashboard_ports: range(row.dashboardPortStart, row.dashboardPortEnd),
    relay_ports: range(row.relayPortStart, row.relayPortEnd),
    labels: parseLabels(row.labels),
    tenant_root: row.id === LOCAL_HOST_ID ? null : row.tenantRoot,
    ssh_host_key: row.sshHostKey,
    state: row.lastError ? 'unreachable' : hostState(row.state),
    set_state: hostState(row.state),
    last_contact_at: row.lastContactAt?.toISOString() ?? null,
    last_error: row.lastError,
    facts: parseFacts(row.facts),
    tenants,
    has_credentials: Boolean(row.sshKey || row.tlsKey),
  };
}
