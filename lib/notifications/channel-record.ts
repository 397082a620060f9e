import 'server-only';
import { decryptSecret } from '../crypto';
import type { NotificationChannel } from '../generated/prisma/client';
import { z } from 'zod';
import { isOneOf } from '../one-of';
import { storedSeverity, type Severity } from './event-kinds';
import { CHANNEL_KINDS, type ChannelKind, type ChannelView } from './schemas';

export interface ChannelSecrets {
  smtp_password?: string;
  url?: string;
  signing_secret?: string;
}

/** A channel as the senders need it: settings parsed, secrets opened (in memory only). */
export interface LoadedChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  language: 'en' | 'de';
  minSeverity: Severity;
  events: string[];
  config: Record<string, unknown>;
  secrets: ChannelSecrets;
}

const secretsSchema = z.object({ smtp_password: z.string().optional(), url: z.string().optional(), signing_secret: z.string().optional() });

function parseJson<S extends z.ZodType>(text: string | null, schema: S, fallback: z.output<S>): z.output<S> {
  if (!text) return fallback;
  try {
    return schema.parse(JSON.parse(text));
  } catch (err) {
    throw new Error(`notification channel data is damaged: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function storedName<T extends string>(list: readonly T[], value: string, what: string): T {
  if (!isOneOf(list, value)) throw new Error(`notification channel data is damaged: unknown ${what} "${value}"`);
  return value;
}

export function openSecrets(row: Pick<NotificationChannel, 'secrets'>): ChannelSecrets {
  return row.secrets ? parseJson(decryptSecret(row.secrets), secretsSchema, {}) : {};
}

export function loadChannel(row: NotificationChannel): LoadedChannel {
  return {
    id: row.id,
    name: row.name,
    kind: storedName(CHANNEL_KINDS, row.kind, 'kind'),
    enabled: row.enabled,
    language: row.language === 'de' ? 'de' : 'en',
    minSeverity: storedSeverity(row.minSeverity),
    events: parseJson(row.events, z.array(z.string()), []),
    config: parseJson(row.config, z.record(z.string(), z.unknown()), {}),
    secrets: openSecrets(row),
  };
}

/** The host of a URL only: a Slack or Teams webhook's path is its password. */
export function urlHost(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

export function toChannelView(row: NotificationChannel): ChannelView {
  const c = loadChannel(row);
  const target = c.kind === 'email' ? `${String(c.config.smtp_host ?? '')}:${String(c.config.smtp_port ?? '')}` : urlHost(c.secrets.url);
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    enabled: c.enabled,
    language: c.language,
    min_severity: c.minSeverity,
    events: c.events,
    config: c.config,
    target,
    secrets_set: Object.entries(c.secrets)
      .filter(([, v]) => Boolean(v))
      .map(([k]) => k),
    created_at: row.createdAt.toISOString(),
  };
}
