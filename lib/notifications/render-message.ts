import { createTranslator } from 'use-intl/core';
import de from '../../messages/de.json';
import en from '../../messages/en.json';
import type { Severity } from './event-kinds';

export const PHASES = ['raised', 'resolved', 'test'] as const;
export type Phase = (typeof PHASES)[number];

export interface MessageEvent {
  id: string;
  kind: string;
  severity: Severity;
  customerId: string | null;
  params: Record<string, string | number>;
  createdAt: Date;
}

/** What every channel sends, in the channel's language. Nothing in it is a secret. */
export interface RenderedMessage {
  id: string;
  kind: string;
  phase: Phase;
  severity: Severity;
  title: string;
  text: string;
  severityLabel: string;
  /** The tenant page, when the event is about a tenant and the appliance's address is known. */
  link: string | null;
  linkLabel: string;
  subject: string | null;
  occurredAt: string;
}

const CATALOGUES = { en, de } as const;

/** `tenant.down` → `tenant_down`: message keys use dots for nesting. */
export function messageKey(kind: string): string {
  return kind.replace(/\./g, '_');
}

export function renderMessage(language: 'en' | 'de', event: MessageEvent, phase: Phase, baseUrl: string | null): RenderedMessage {
  const t = createTranslator({ locale: language, messages: CATALOGUES[language], namespace: 'notifications.messages' });
  const subject = event.params.subject === undefined ? null : String(event.params.subject);
  const values = { subject: subject ?? '', detail: String(event.params.detail ?? ''), appliance: String(event.params.appliance ?? '') };
  const key = phase === 'test' ? 'test' : messageKey(event.kind);
  // cast: message keys are typed literals; every event kind has raised/resolved texts (tests/unit compare them).
  const title = t(`${key}.${phase === 'resolved' ? 'resolved' : 'raised'}` as 'test.raised', values);
  const detail = phase === 'raised' && values.detail ? values.detail : '';
  const link = baseUrl && event.customerId ? `${baseUrl.replace(/\/+$/, '')}/customers/${encodeURIComponent(event.customerId)}` : null;
  const severityLabel = phase === 'resolved' ? t('resolvedLabel') : t(`severity.${event.severity}`);
  return {
    id: event.id,
    kind: event.kind,
    phase,
    severity: event.severity,
    title,
    text: detail,
    severityLabel,
    link,
    linkLabel: t('openTenant'),
    subject,
    occurredAt: event.createdAt.toISOString(),
  };
}
