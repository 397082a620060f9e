import 'server-only';
import { db } from '../db';
import { encryptSecret } from '../crypto';
import { AppError } from '../errors';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import type { Prisma } from '../generated/prisma/client';
import { sshKeyProblem } from '../docker/remote-client';
import { syncHostEngines } from './host-engines';
import { toHostView } from './host-view';
import { LOCAL_HOST_ID, SSH_ONLY, type CreateHostInput, type HostView, type UpdateHostInput } from './schemas';

type Tx = Prisma.TransactionClient;

async function tenantCounts(): Promise<Map<string, number>> {
  const groups = await db().deployment.groupBy({ by: ['hostId'], _count: { _all: true } });
  return new Map(groups.map((g) => [g.hostId, g._count._all]));
}

export async function listHosts(): Promise<HostView[]> {
  const [rows, counts] = await Promise.all([db().host.findMany({ orderBy: { createdAt: 'asc' } }), tenantCounts()]);
  return rows.map((row) => toHostView(row, counts.get(row.id) ?? 0));
}

export async function getHost(id: string): Promise<HostView> {
  const row = await db().host.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', 'Host not found.');
  return toHostView(row, await db().deployment.count({ where: { hostId: id } }));
}

/** Whether the appliance drives more than its own engine: only then do lists show hosts. */
export async function hasRemoteHosts(): Promise<boolean> {
  return (await db().host.count({ where: { id: { not: LOCAL_HOST_ID } } })) > 0;
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const other = await tx.host.findUnique({ where: { name } });
  if (other && other.id !== exceptId) throw new AppError('HOST_NAME_TAKEN', `A host named "${name}" exists already.`, { field: 'name' });
}

/** A key the SSH client cannot load is refused as input (422), not discovered at the first connection. */
function assertUsableKey(key: string | undefined): void {
  const problem = key === undefined ? undefined : sshKeyProblem(key);
  if (problem) {
    throw new AppError('VALIDATION_FAILED', 'Invalid value for: ssh_private_key', {
      fields: [{ path: 'ssh_private_key', message: `cannot be used: ${problem} (use an unencrypted OpenSSH, PEM RSA/ECDSA or ed25519 key)`, code: 'custom' }],
    });
  }
}

const seal = (v: string | undefined) => (v === undefined ? undefined : encryptSecret(v));

/** Key material for the endpoint's transport; the other transport's material is cleared. */
function credentials(input: Pick<CreateHostInput, 'endpoint' | 'ssh_private_key' | 'tls_ca' | 'tls_cert' | 'tls_key'>) {
  if (input.endpoint.startsWith('ssh://')) return { sshKey: seal(input.ssh_private_key), tlsCa: null, tlsCert: null, tlsKey: null };
  return { sshKey: null, tlsCa: seal(input.tls_ca), tlsCert: seal(input.tls_cert), tlsKey: seal(input.tls_key) };
}

export async function createHost(actor: Actor, input: CreateHostInput): Promise<HostView> {
  assertUsableKey(input.ssh_private_key);
  const row = await db().$transaction(async (tx) => {
    await assertNameFree(tx, input.name);
    const created = await tx.host.create({
      data: {
        name: input.name,
        endpoint: input.endpoint,
        ...credentials(input),
        publicAddress: input.public_address,
        forwardAddress: input.forward_address ?? null,
        dashboardPortStart: input.dashboard_port_start ?? null,
        dashboardPortEnd: input.dashboard_port_end ?? null,
        relayPortStart: input.relay_port_start ?? null,
        relayPortEnd: input.relay_port_end ?? null,
        labels: JSON.stringify(input.labels ?? []),
        ...(input.tenant_root ? { tenantRoot: input.tenant_root } : {}),
        sshHostKey: input.endpoint.startsWith('ssh://') ? (input.ssh_host_key ?? null) : null,
      },
    });
    await recordAudit(actor, { action: 'host.create', target: `host:${created.name}`, details: { endpoint: created.endpoint } }, tx);
    return created;
  });
  await syncHostEngines();
  return toHostView(row, 0);
}

export async function updateHost(actor: Actor, id: string, input: UpdateHostInput): Promise<HostView> {
  assertUsableKey(input.ssh_private_key);
  const row = await db().$transaction(async (tx) => {
    const host = await tx.host.findUnique({ where: { id } });
    if (!host) throw new AppError('NOT_FOUND', 'Host not found.');
    const secrets = [input.ssh_private_key, input.tls_ca, input.tls_cert, input.tls_key].some((v) => v !== undefined);
    if (id === LOCAL_HOST_ID && (input.endpoint !== undefined || secrets)) {
      throw new AppError('HOST_LOCAL', "The appliance's own engine has no endpoint or key material to change.", { field: 'endpoint' });
    }
    if (input.name && input.name !== host.name) await assertNameFree(tx, input.name, id);
    const endpoint = input.endpoint ?? host.endpoint;
    if (input.ssh_host_key && !endpoint.startsWith('ssh://')) {
      throw new AppError('VALIDATION_FAILED', 'Invalid value for: ssh_host_key', { fields: [{ path: 'ssh_host_key', message: SSH_ONLY, code: 'custom' }] });
    }
    const material = input.endpoint !== undefined || secrets ? credentials({ ...input, endpoint }) : {};
    // Keep stored material the request did not resend (e.g. only the CA renewed).
    const kept = Object.fromEntries(Object.entries(material).filter(([, v]) => v !== undefined || input.endpoint !== undefined));
    const updated = await tx.host.update({
      where: { id },
      data: {
        name: input.name,
        endpoint: input.endpoint,
        ...kept,
        publicAddress: input.public_address,
        forwardAddress: input.forward_address,
        dashboardPortStart: input.dashboard_port_start,
        dashboardPortEnd: input.dashboard_port_end,
        relayPortStart: input.relay_port_start,
        relayPortEnd: input.relay_port_end,
        labels: input.labels ? JSON.stringify(input.labels) : undefined,
        tenantRoot: input.tenant_root,
        state: input.state,
        // A new endpoint has not been reached yet: forget the old one's facts, error and host key
        // (unless the request pins the new one's).
        ...(input.endpoint !== undefined ? { lastError: null, facts: null, lastContactAt: null, sshHostKey: null } : {}),
        ...(input.ssh_host_key !== undefined ? { sshHostKey: input.ssh_host_key } : {}),
      },
    });
    const changed = Object.keys(input).filter((k) => !['ssh_private_key', 'tls_ca', 'tls_cert', 'tls_key'].includes(k));
    if (secrets) changed.push('credentials');
    await recordAudit(actor, { action: 'host.update', target: `host:${updated.name}`, details: { changed } }, tx);
    return updated;
  });
  await syncHostEngines();
  return toHostView(row, await db().deployment.count({ where: { hostId: id } }));
}

/** Removes a host without tenants and without moves or drains under way; its tenants must be moved away first (a drain does that). */
export async function removeHost(actor: Actor, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    if (id === LOCAL_HOST_ID) throw new AppError('HOST_LOCAL', "The appliance's own engine cannot be removed.");
    const host = await tx.host.findUnique({ where: { id } });
    if (!host) throw new AppError('NOT_FOUND', 'Host not found.');
    // Customers placed on it that have not deployed yet count too: their first deploy would find no host.
    const tenants = (await tx.deployment.count({ where: { hostId: id } })) + (await tx.customer.count({ where: { hostId: id, deployment: null } }));
    if (tenants > 0) throw new AppError('HOST_IN_USE', `${tenants} tenant(s) still run on "${host.name}": move them first.`, { tenants });
    // A move or drain under way reads the host's engine and records tenants onto it until it ends.
    const moves = await tx.tenantMove.count({ where: { state: { in: ['queued', 'running'] }, OR: [{ fromHostId: id }, { toHostId: id }] } });
    const drains = await tx.hostDrain.count({ where: { hostId: id, state: 'running' } });
    if (moves + drains > 0) {
      throw new AppError('HOST_BUSY', `"${host.name}" is part of ${moves} move(s) and ${drains} drain(s) under way: wait for them to finish, then remove it.`, { moves, drains });
    }
    await tx.host.delete({ where: { id } });
    await recordAudit(actor, { action: 'host.delete', target: `host:${host.name}` }, tx);
  });
  await syncHostEngines();
}
