import 'server-only';
import { env } from '../env';
import type { Prisma } from '../generated/prisma/client';
import type { Settings } from '../settings/schema';
import { tenantDomain } from '../tenants/names';
import { summarise, type ContainerSummary } from '../status/snapshot';
import type { TenantContainer } from '../docker/list-containers';
import { urlHost } from '../http/url-host';
import { INSIGHT_VIEW_SELECT, toInsightView, type InsightRow, type NetbirdInsightView } from '../insight/insight-view';

export interface CustomerView {
  id: string;
  name: string;
  subdomain: string;
  email: string;
  max_devices: number;
  notes: string | null;
  status: string;
  status_reason: string | null;
  /** combined | classic: which NetBird layout the tenant runs (lib/netbird/layout). */
  layout: string;
  url: string;
  setup_url: string | null;
  local_url: string | null;
  dashboard_port: number | null;
  relay_udp_port: number | null;
  /** The Docker host the tenant runs on (or was placed on before its first deploy). */
  host: { id: string; name: string };
  images: Record<string, string | null> | null;
  deployed_at: string | null;
  containers: ContainerSummary;
  peers: { total: number | null; connected: number | null; checked_at: string | null };
  /** Figures from the tenant's NetBird API, cached in the background (lib/insight). */
  netbird: NetbirdInsightView;
  active_job: { id: string; kind: string; state: string } | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerRow {
  id: string; name: string; subdomain: string; email: string; maxDevices: number; notes: string | null;
  status: string; statusReason: string | null; layout: string; hostId: string | null; peersTotal: number | null; peersConnected: number | null; peersCheckedAt: Date | null;
  createdAt: Date; updatedAt: Date;
  deployment: {
    dashboardPort: number; relayPort: number; setupUrl: string | null; deployedAt: Date | null;
    managementImage: string | null; signalImage: string | null; relayImage: string | null; dashboardImage: string | null; caddyImage: string | null;
    serverImage: string | null; hostId: string; insightTokenExpiresAt: Date | null;
  } | null;
  insight: InsightRow | null;
  jobs?: { id: string; kind: string; state: string }[];
}

/** Only the columns a view needs — never the encrypted secrets. */
export const CUSTOMER_VIEW_SELECT = {
  id: true, name: true, subdomain: true, email: true, maxDevices: true, notes: true, status: true, statusReason: true, layout: true, hostId: true,
  peersTotal: true, peersConnected: true, peersCheckedAt: true, createdAt: true, updatedAt: true,
  deployment: {
    select: {
      dashboardPort: true, relayPort: true, setupUrl: true, deployedAt: true, hostId: true,
      managementImage: true, signalImage: true, relayImage: true, dashboardImage: true, caddyImage: true, serverImage: true,
      insightTokenExpiresAt: true,
    },
  },
  insight: { select: INSIGHT_VIEW_SELECT },
  jobs: { where: { state: { in: ['queued', 'running'] } }, select: { id: true, kind: true, state: true }, take: 1 },
} satisfies Prisma.CustomerSelect;

/** The hosts a view names, by id: name and the address its tenants' ports answer on. */
export type HostDirectory = Map<string, { name: string; address: string | null }>;

export function toCustomerView(c: CustomerRow, settings: Settings, containers: TenantContainer[] | undefined, hosts?: HostDirectory): CustomerView {
  const d = c.deployment;
  const hostId = d?.hostId ?? c.hostId ?? 'local';
  const known = hosts?.get(hostId);
  const host = urlHost(hostId === 'local' ? env().HOST_IP : (known?.address ?? env().HOST_IP));
  const job = c.jobs?.[0];
  return {
    id: c.id,
    name: c.name,
    subdomain: c.subdomain,
    email: c.email,
    max_devices: c.maxDevices,
    notes: c.notes,
    status: c.status,
    status_reason: c.statusReason,
    layout: c.layout,
    url: `https://${tenantDomain(c.subdomain, settings.base_domain)}`,
    setup_url: d?.setupUrl ?? null,
    local_url: d ? `http://${host}:${d.dashboardPort}` : null,
    dashboard_port: d?.dashboardPort ?? null,
    relay_udp_port: d?.relayPort ?? null,
    host: { id: hostId, name: known?.name ?? hostId },
    images: d ? deployedImageView(c.layout, d) : null,
    deployed_at: d?.deployedAt?.toISOString() ?? null,
    containers: summarise(containers),
    peers: { total: c.peersTotal, connected: c.peersConnected, checked_at: c.peersCheckedAt?.toISOString() ?? null },
    netbird: toInsightView(c.insight, c.maxDevices, d?.insightTokenExpiresAt ?? null),
    active_job: job ? { id: job.id, kind: job.kind, state: job.state } : null,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

/** The images of the layout the tenant runs (the other layout's columns are empty). */
function deployedImageView(layout: string, d: NonNullable<CustomerRow['deployment']>): Record<string, string | null> {
  if (layout === 'combined') return { server: d.serverImage, dashboard: d.dashboardImage, caddy: d.caddyImage };
  return { management: d.managementImage, signal: d.signalImage, relay: d.relayImage, dashboard: d.dashboardImage, caddy: d.caddyImage };
}
