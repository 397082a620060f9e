import { z } from 'zod';
import { EVENT_KIND_NAMES, SEVERITIES } from './event-kinds';

export const CHANNEL_KINDS = ['email', 'webhook', 'teams', 'slack'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;

const hostName = z.string().trim().min(1).max(253).regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$|^\[[0-9a-fA-F:.]+\]$/, 'must be a host name or IP address');
const email = z.string().trim().max(254).email();
// Outbound URLs an admin types: http(s) only, no credentials in the address.
const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');

const common = {
  name: z.string().trim().min(1).max(80),
  enabled: z.boolean().default(true),
  language: z.enum(['en', 'de']).default('en'),
  min_severity: z.enum(SEVERITIES).default('warning'),
  // cast: z.enum wants a non-empty tuple; EVENT_KINDS has entries.
  events: z.array(z.enum(EVENT_KIND_NAMES as [string, ...string[]])).max(EVENT_KIND_NAMES.length).default([]),
};

/**
 * One channel as the API and the form send it. Secrets (`smtp_password`, `url`, `signing_secret`)
 * are write-only: on an update an empty or missing value keeps the saved one.
 */
export const channelInputSchema = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('email'),
    smtp_host: hostName,
    smtp_port: z.coerce.number().int().min(1).max(65535).default(587),
    smtp_security: z.enum(SMTP_SECURITY).default('starttls'),
    smtp_username: z.string().trim().max(254).default(''),
    smtp_password: z.string().max(500).optional(),
    from: email,
    to: z.array(email).min(1).max(20),
  }),
  z.object({ ...common, kind: z.literal('webhook'), url: webhookUrl.optional(), signing_secret: z.string().min(16).max(200).optional() }),
  z.object({ ...common, kind: z.literal('teams'), url: webhookUrl.optional() }),
  z.object({ ...common, kind: z.literal('slack'), url: webhookUrl.optional() }),
]);
export type ChannelInput = z.output<typeof channelInputSchema>;

export const muteInputSchema = z.object({
  customer_id: z.string().min(1).max(64),
  /** Hours; null = until unmuted. */
  hours: z.coerce.number().int().min(1).max(24 * 90).nullable().default(null),
});

export const deliveriesQuerySchema = z.object({
  channel_id: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** What the API shows of a channel: never a secret, only whether one is set. */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  language: 'en' | 'de';
  min_severity: (typeof SEVERITIES)[number];
  events: string[];
  config: Record<string, unknown>;
  /** e.g. `hooks.example.com` for a webhook: enough to recognise it, not the token in its path. */
  target: string;
  secrets_set: string[];
  created_at: string;
}

export interface DeliveryView {
  id: string;
  channel_id: string;
  channel_name: string;
  event_kind: string;
  phase: string;
  state: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  subject: string | null;
  created_at: string;
  sent_at: string | null;
  next_attempt_at: string | null;
}

export interface MuteView {
  customer_id: string;
  name: string;
  subdomain: string;
  until: string | null;
}
