import { describe, expect, it } from 'vitest';
import { routePattern } from '../monitoring/metric-recorders';
import { daysLeft } from '../monitoring/certificate-expiry';
import { slackPayload, teamsPayload, webhookPayload } from './channels/payloads';
import { channelWants, nextAttemptDelay, RETRY_DELAYS_MS } from './event-kinds';
import { renderMessage } from './render-message';

const event = { id: 'ev1', kind: 'tenant.down', severity: 'critical' as const, customerId: 'c1', params: { subject: 'Acme (acme)', detail: 'management is exited (137)' }, createdAt: new Date('2026-11-29T10:00:00Z') };

describe('notification rules', () => {
  it('filters by event kind and minimum severity; an empty list means every kind', () => {
    expect(channelWants({ events: [], minSeverity: 'warning' }, 'tenant.down', 'critical')).toBe(true);
    expect(channelWants({ events: [], minSeverity: 'critical' }, 'backup.failed', 'warning')).toBe(false);
    expect(channelWants({ events: ['backup.failed'], minSeverity: 'info' }, 'tenant.down', 'critical')).toBe(false);
  });

  it('backs off between attempts and gives up after the last', () => {
    expect(nextAttemptDelay(1)).toBe(2_000);
    expect(nextAttemptDelay(RETRY_DELAYS_MS.length)).toBe(RETRY_DELAYS_MS.at(-1));
    expect(nextAttemptDelay(RETRY_DELAYS_MS.length + 1)).toBeNull();
  });

  it('renders in the channel language with a link to the tenant page', () => {
    const de = renderMessage('de', event, 'raised', 'https://msp.example.com/');
    expect(de.title).toBe('Mandant Acme (acme) ist ausgefallen');
    expect(de.severityLabel).toBe('Kritisch');
    expect(de.link).toBe('https://msp.example.com/customers/c1');
    const en = renderMessage('en', event, 'resolved', null);
    expect(en.title).toBe('Tenant Acme (acme) has recovered');
    expect(en.text).toBe('');
    expect(en.link).toBeNull();
  });

  it('shapes Slack, Teams and webhook bodies from the message alone', () => {
    const m = renderMessage('en', event, 'raised', 'https://msp.example.com');
    expect(slackPayload(m).text).toBe('Critical: Tenant Acme (acme) is down');
    expect(JSON.stringify(slackPayload(m))).toContain('<https://msp.example.com/customers/c1|Open the tenant>');
    const card = teamsPayload(m).attachments[0].content;
    expect(card.type).toBe('AdaptiveCard');
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the tenant', url: 'https://msp.example.com/customers/c1' }]);
    expect(webhookPayload(m, 'MSP')).toMatchObject({ event: 'tenant.down', phase: 'raised', severity: 'critical', text: 'management is exited (137)', appliance: 'MSP' });
  });

  it('labels routes by pattern, never by id', () => {
    expect(routePattern('/api/customers/cm3k9x2q80000abcdefghijkl/jobs')).toBe('/api/customers/:id/jobs');
    expect(routePattern('/api/notifications/channels/12')).toBe('/api/notifications/channels/:id');
    expect(routePattern('/api/metrics')).toBe('/api/metrics');
  });

  it("reads NPM's expires_on as UTC", () => {
    const now = Date.parse('2026-11-29T00:00:00Z');
    expect(daysLeft('2026-12-09 00:00:00', now)).toBe(10);
    expect(daysLeft('2026-12-09T00:00:00.000Z', now)).toBe(10);
    expect(daysLeft(null, now)).toBeNull();
  });
});
