import 'server-only';
import type { Engine } from './types';
import type Docker from 'dockerode';
import { dockerCall } from './client';
import { LABEL_CUSTOMER, LABEL_SERVICE, LABEL_SUBDOMAIN, anyTenantFilter, customerFilter, isRetired } from './labels';

export interface TenantContainer {
  id: string;
  name: string;
  customerId: string;
  subdomain: string;
  service: string;
  image: string;
  /** created | running | paused | restarting | removing | exited | dead */
  state: string;
  /** The engine's human text, e.g. "Up 5 minutes (healthy)". */
  status: string;
  createdAt: Date;
  ports: { container: number; host?: number; protocol: string }[];
}

export function toTenantContainer(c: Docker.ContainerInfo): TenantContainer {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    customerId: labels[LABEL_CUSTOMER] ?? '',
    subdomain: labels[LABEL_SUBDOMAIN] ?? '',
    service: labels[LABEL_SERVICE] ?? '',
    image: c.Image,
    state: c.State,
    status: c.Status,
    createdAt: new Date(c.Created * 1000),
    ports: (c.Ports ?? []).map((p) => ({ container: p.PrivatePort, host: p.PublicPort, protocol: p.Type })),
  };
}

export type RetiredChoice = 'exclude' | 'include' | 'only';

/**
 * Tenant containers matching label filters. Every listing of tenant containers goes through
 * here, so the containers a redeploy has renamed aside are left out in one place: they are
 * not the tenant's stack, only its fallback until the new one has started.
 */
export async function listLabelled(engine: Engine, 
  what: string,
  filters: { label: string[]; status?: string[] },
  retired: RetiredChoice = 'exclude',
  timeoutMs?: number,
): Promise<Docker.ContainerInfo[]> {
  const all = await dockerCall(engine, what, (d) => d.listContainers({ all: true, filters }), timeoutMs);
  if (retired === 'include') return all;
  return all.filter((c) => isRetired(c) === (retired === 'only'));
}

/**
 * Every tenant's containers from ONE engine call, grouped by customer id.
 * This feeds the status reconciler and the list pages; never call it per customer.
 */
export async function listAllTenantContainers(engine: Engine, timeoutMs?: number): Promise<Map<string, TenantContainer[]>> {
  const all = await listLabelled(engine, 'list tenant containers', anyTenantFilter(), 'exclude', timeoutMs);
  const grouped = new Map<string, TenantContainer[]>();
  for (const info of all) {
    const c = toTenantContainer(info);
    const list = grouped.get(c.customerId) ?? [];
    list.push(c);
    grouped.set(c.customerId, list);
  }
  return grouped;
}

export async function listTenantContainers(engine: Engine, customerId: string): Promise<TenantContainer[]> {
  const found = await listLabelled(engine, `list containers of ${customerId}`, customerFilter(customerId));
  return found.map(toTenantContainer);
}

/**
 * Host ports published by containers, from one call. `exceptCustomerId` leaves out a tenant's
 * own containers, whose ports are its own to reuse.
 */
export async function listPublishedHostPorts(engine: Engine, exceptCustomerId?: string): Promise<{ tcp: Set<number>; udp: Set<number> }> {
  const all = await dockerCall(engine, 'list published ports', (d) => d.listContainers({ all: true }));
  const tcp = new Set<number>();
  const udp = new Set<number>();
  for (const c of all) {
    if (exceptCustomerId && c.Labels?.[LABEL_CUSTOMER] === exceptCustomerId) continue;
    for (const p of c.Ports ?? []) {
      if (!p.PublicPort) continue;
      (p.Type === 'udp' ? udp : tcp).add(p.PublicPort);
    }
  }
  return { tcp, udp };
}
