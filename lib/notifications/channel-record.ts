import 'server-only';
import { decryptSecret } from '../crypto';
import type { NotificationChannel } from '../generated/prisma/client';
import type { Severity } from './event-kinds';
import type { ChannelKind, ChannelView } from './schemas';

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

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`notification channel data is damaged: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function openSecrets(row: Pick<NotificationChannel, 'secrets'>): ChannelSecrets {
  return row.secrets ? parseJson<ChannelSecrets>(decryptSecret(row.secrets), {}) : {};
}

export function loadChannel(row: NotificationChannel): LoadedChannel {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ChannelKind,
    enabled: row.enabled,
    language: row.language === 'de' ? 'de' : 'en',
    minSeverity: row.minSeverity as Severity,
    events: parseJson<string[]>(row.events, []),
    config: parseJson<Record<string, unknown>>(row.config, {}),
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
