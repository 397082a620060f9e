import 'server-only';
import { db } from '../db';
import { engineFor, type Engine } from '../docker/engine';
import { env } from '../env';
import { AppError } from '../errors';
import { ensureHostEngines } from './host-engines';
import { LOCAL_HOST_ID } from './schemas';
import { globalSingleton } from '../global-singleton';

/**
 * The host a tenant runs on, as everything that reaches the tenant needs it: the engine, the
 * address its published ports answer on, the public address STUN announces, and where its files
 * live. The local host keeps what it always used (HOST_IP, the data_dir setting), so an
 * appliance without other hosts behaves exactly as before.
 */
export interface TenantHost {
  id: string;
  local: boolean;
  engine: Engine;
  /** Where the appliance (health, owner setup, peer counts) and NPM reach the tenant's published port. */
  forwardAddress: string;
  /** The host's public address for STUN; null on the local host (the tenant's domain, as before). */
  stunAddress: string | null;
  /** Root of the tenants' directories on a remote host; null on the local host (the data_dir setting). */
  tenantRoot: string | null;
}

/** The public address a host's tenants announce for STUN; null on the local host (the tenant's domain). */
export function stunAddressOf(row: { id: string; publicAddress: string | null }): string | null {
  return row.id === LOCAL_HOST_ID ? null : row.publicAddress || null;
}

/** The STUN address of a host by id (see stunAddressOf); an unknown id has none. */
export async function hostStunAddress(hostId: string): Promise<string | null> {
  if (hostId === LOCAL_HOST_ID) return null;
  const row = await db().host.findUnique({ where: { id: hostId }, select: { id: true, publicAddress: true } });
  return row ? stunAddressOf(row) : null;
}

/** Where the appliance and NPM reach another host's published ports: its forward address, else its public one. */
export function forwardAddressOf(row: { forwardAddress: string | null; publicAddress: string | null }): string | null {
  return row.forwardAddress || row.publicAddress || null;
}

/** A host by id; an unknown id is refused rather than acting on the local engine. */
export async function hostById(hostId: string): Promise<TenantHost> {
  await ensureHostEngines();
  if (hostId === LOCAL_HOST_ID) return { id: LOCAL_HOST_ID, local: true, engine: engineFor(LOCAL_HOST_ID), forwardAddress: env().HOST_IP, stunAddress: null, tenantRoot: null };
  const row = await db().host.findUnique({ where: { id: hostId } });
  if (!row) throw new AppError('DOCKER_UNAVAILABLE', `The tenant's host "${hostId}" is not known to this appliance.`);
  const address = forwardAddressOf(row);
  if (!address) throw new AppError('DOCKER_UNAVAILABLE', `Host "${row.name}" has no address to reach its tenants on: set its public or forward address.`);
  return { id: row.id, local: false, engine: engineFor(row.id), forwardAddress: address, stunAddress: stunAddressOf(row), tenantRoot: row.tenantRoot };
}

/** The host id a tenant runs on: its deployment's, else the one chosen at its creation, else the local host. */
export function hostIdOf(c: { hostId: string | null; deployment: { hostId: string } | null } | null): string {
  return c?.deployment?.hostId ?? c?.hostId ?? LOCAL_HOST_ID;
}

export async function tenantHost(customerId: string): Promise<TenantHost> {
  const c = await db().customer.findUnique({ where: { id: customerId }, select: { hostId: true, deployment: { select: { hostId: true } } } });
  return hostById(hostIdOf(c));
}

/**
 * The address each host's tenants are reached on, by host id, for readers that handle many
 * tenants at once (one query instead of one per tenant). The local host: HOST_IP.
 */
const lastAddresses = globalSingleton('hostEntryAddresses', () => new Map<string, string>());

/** The address of a host's tenants as last read (kept fresh by the host watch); for callers that cannot wait. */
export function knownEntryAddress(hostId: string): string | undefined {
  return hostId === LOCAL_HOST_ID ? env().HOST_IP : lastAddresses.get(hostId);
}

export async function hostEntryAddresses(): Promise<Map<string, string>> {
  const rows = await db().host.findMany({ where: { id: { not: LOCAL_HOST_ID } }, select: { id: true, forwardAddress: true, publicAddress: true } });
  const map = new Map<string, string>([[LOCAL_HOST_ID, env().HOST_IP]]);
  for (const r of rows) {
    const address = r.forwardAddress || r.publicAddress;
    if (address) map.set(r.id, address);
  }
  lastAddresses.clear();
  for (const [id, address] of map) lastAddresses.set(id, address);
  return map;
}
