import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { encryptSecret } from '../crypto';
import { db } from '../db';
import { AppError } from '../errors';
import { openSecrets, toChannelView, type ChannelSecrets } from './channel-record';
import type { ChannelInput, ChannelView } from './schemas';

function split(input: ChannelInput): { config: Record<string, unknown>; secrets: ChannelSecrets } {
  if (input.kind === 'email') {
    const { smtp_host, smtp_port, smtp_security, smtp_username, from, to, smtp_password } = input;
    return { config: { smtp_host, smtp_port, smtp_security, smtp_username, from, to }, secrets: { smtp_password } };
  }
  if (input.kind === 'webhook') return { config: {}, secrets: { url: input.url, signing_secret: input.signing_secret } };
  return { config: {}, secrets: { url: input.url } };
}

/** Fields a channel of this kind cannot work without (checked after merging the saved secrets). */
function missingSecret(kind: string, secrets: ChannelSecrets): string | null {
  if (kind !== 'email' && !secrets.url) return 'url';
  if (kind === 'webhook' && !secrets.signing_secret) return 'signing_secret';
  return null;
}

function rowData(input: ChannelInput, secrets: ChannelSecrets, config: Record<string, unknown>) {
  return {
    name: input.name,
    kind: input.kind,
    enabled: input.enabled,
    language: input.language,
    minSeverity: input.min_severity,
    events: JSON.stringify(input.events),
    config: JSON.stringify(config),
    secrets: encryptSecret(JSON.stringify(secrets)),
  };
}

function required(field: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field} is required`, { fields: [{ path: field, message: 'required' }] });
}

export async function listChannels(): Promise<ChannelView[]> {
  const rows = await db().notificationChannel.findMany({ orderBy: { createdAt: 'asc' } });
  return rows.map(toChannelView);
}

export async function createChannel(actor: Actor, input: ChannelInput): Promise<ChannelView> {
  const { config, secrets } = split(input);
  const missing = missingSecret(input.kind, secrets);
  if (missing) throw required(missing);
  const row = await db().$transaction(async (tx) => {
    const created = await tx.notificationChannel.create({ data: rowData(input, secrets, config) });
    await recordAudit(actor, { action: 'notifications.channel_create', target: `channel:${created.id}`, details: { kind: input.kind, name: input.name } }, tx);
    return created;
  });
  return toChannelView(row);
}

export async function updateChannel(actor: Actor, id: string, input: ChannelInput): Promise<ChannelView> {
  const existing = await db().notificationChannel.findUnique({ where: { id } });
  if (!existing) throw new AppError('NOT_FOUND', 'No such notification channel');
  if (existing.kind !== input.kind) throw new AppError('CONFLICT', 'A channel keeps its kind; create a new channel instead');
  const { config, secrets } = split(input);
  const saved = openSecrets(existing);
  // A changed address needs its secret again: a saved token is only ever sent where it was typed for.
  const urlChanged = Boolean(secrets.url && saved.url && secrets.url !== saved.url);
  const merged: ChannelSecrets = {
    url: secrets.url || saved.url,
    smtp_password: secrets.smtp_password || (config.smtp_host === JSON.parse(existing.config).smtp_host ? saved.smtp_password : undefined),
    signing_secret: secrets.signing_secret || (urlChanged ? undefined : saved.signing_secret),
  };
  const missing = missingSecret(input.kind, merged);
  if (missing) throw required(missing);
  const row = await db().$transaction(async (tx) => {
    const updated = await tx.notificationChannel.update({ where: { id }, data: rowData(input, merged, config) });
    await recordAudit(actor, { action: 'notifications.channel_update', target: `channel:${id}`, details: { kind: input.kind, name: input.name } }, tx);
    return updated;
  });
  return toChannelView(row);
}

export async function deleteChannel(actor: Actor, id: string): Promise<void> {
  const existing = await db().notificationChannel.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!existing) throw new AppError('NOT_FOUND', 'No such notification channel');
  await db().$transaction(async (tx) => {
    await tx.notificationChannel.delete({ where: { id } });
    await recordAudit(actor, { action: 'notifications.channel_delete', target: `channel:${id}`, details: { name: existing.name } }, tx);
  });
}
