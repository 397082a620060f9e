import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '../db';
import { listPublishedHostPorts } from '../docker/list-containers';
import { AppError } from '../errors';
import { getSettings } from '../settings/store';
import type { Engine } from '../docker/engine';
import { stringField } from '../caught';

export interface PortRange {
  start: number;
  end: number;
}

export interface AllocatedPorts {
  dashboardPort: number;
  relayPort: number;
  /** True when the deployment record already held them (a redeploy). */
  reused: boolean;
}

const MAX_ATTEMPTS = 100;

export function lowestFreePort(range: PortRange, used: Set<number>): number | undefined {
  for (let p = range.start; p <= range.end; p++) if (!used.has(p)) return p;
  return undefined;
}

function isUniqueViolation(err: unknown): boolean {
  return stringField(err, 'code') === 'P2002';
}

function exhausted(kind: 'dashboard' | 'relay', range: PortRange): AppError {
  const setting = `${kind}_port_start..${kind}_port_end`;
  return new AppError('PORT_RANGE_EXHAUSTED', `No free ${kind} port left in ${setting} (${range.start}-${range.end}); widen the range in Settings`, {
    setting,
  });
}

/** The host's own port ranges where it sets them, else the appliance's settings. */
export async function portRanges(hostId: string): Promise<{ dashboard: PortRange; relay: PortRange }> {
  const [settings, host] = await Promise.all([getSettings(), db().host.findUnique({ where: { id: hostId } })]);
  const pick = (start: number | null | undefined, end: number | null | undefined, fallback: PortRange): PortRange =>
    typeof start === 'number' && typeof end === 'number' ? { start, end } : fallback;
  return {
    dashboard: pick(host?.dashboardPortStart, host?.dashboardPortEnd, { start: settings.dashboard_port_start, end: settings.dashboard_port_end }),
    relay: pick(host?.relayPortStart, host?.relayPortEnd, { start: settings.relay_port_start, end: settings.relay_port_end }),
  };
}

/**
 * The tenant's dashboard (TCP) and relay (UDP) host ports. The first call picks the lowest
 * free port of each configured range, skipping ports of other tenants and ports any other
 * container on the same host publishes, and stores them in a new Deployment row; later calls return that row's
 * ports. The database's unique constraints arbitrate concurrent allocations: the loser of a
 * race re-reads and takes the next free port.
 */
export async function allocatePorts(engine: Engine, customerId: string): Promise<AllocatedPorts> {
  const existing = await db().deployment.findUnique({ where: { customerId } });
  if (existing) return { dashboardPort: existing.dashboardPort, relayPort: existing.relayPort, reused: true };

  const hostId = engine.id;
  const { dashboard, relay } = await portRanges(hostId);
  const host = await listPublishedHostPorts(engine, customerId);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Ports are unique per host: another host's tenants publish on other addresses.
    const rows = await db().deployment.findMany({ where: { hostId }, select: { customerId: true, dashboardPort: true, relayPort: true } });
    const mine = rows.find((r) => r.customerId === customerId);
    if (mine) return { dashboardPort: mine.dashboardPort, relayPort: mine.relayPort, reused: true };
    const dashboardPort = lowestFreePort(dashboard, new Set([...rows.map((r) => r.dashboardPort), ...host.tcp]));
    if (dashboardPort === undefined) throw exhausted('dashboard', dashboard);
    const relayPort = lowestFreePort(relay, new Set([...rows.map((r) => r.relayPort), ...host.udp]));
    if (relayPort === undefined) throw exhausted('relay', relay);
    try {
      await db().deployment.create({ data: { customerId, hostId, dashboardPort, relayPort } });
      return { dashboardPort, relayPort, reused: false };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Someone else took one of these ports (or created our row) first: back off a little and re-read.
      await sleep(Math.random() * 20);
    }
  }
  throw new AppError('CONFLICT', 'Could not allocate ports: too many concurrent allocations, try again');
}
