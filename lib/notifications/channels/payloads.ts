import type { RenderedMessage } from '../render-message';

/**
 * The bodies each channel kind sends, built only from the rendered message: no channel
 * setting, credential or tenant secret can reach a payload.
 */
export function webhookPayload(m: RenderedMessage, appliance: string) {
  return {
    id: m.id,
    event: m.kind,
    phase: m.phase,
    severity: m.severity,
    title: m.title,
    text: m.text || null,
    subject: m.subject,
    link: m.link,
    occurred_at: m.occurredAt,
    sent_at: new Date().toISOString(),
    appliance,
  };
}

const SLACK_ICON = { critical: ':red_circle:', warning: ':warning:', info: ':information_source:' } as const;

export function slackPayload(m: RenderedMessage) {
  const icon = m.phase === 'resolved' ? ':white_check_mark:' : SLACK_ICON[m.severity];
  const headline = `${icon} *${m.title}*`;
  const lines = [headline, m.text, m.link ? `<${m.link}|${m.linkLabel}>` : ''].filter(Boolean);
  return {
    text: `${m.severityLabel}: ${m.title}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }],
  };
}

/** An Adaptive Card in the envelope Teams' incoming webhooks and workflows accept. */
export function teamsPayload(m: RenderedMessage) {
  const colour = m.phase === 'resolved' ? 'Good' : m.severity === 'critical' ? 'Attention' : m.severity === 'warning' ? 'Warning' : 'Default';
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: m.severityLabel, weight: 'Bolder', color: colour, size: 'Small' },
    { type: 'TextBlock', text: m.title, weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  if (m.text) body.push({ type: 'TextBlock', text: m.text, wrap: true });
  body.push({ type: 'TextBlock', text: m.occurredAt, isSubtle: true, size: 'Small' });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: m.link ? [{ type: 'Action.OpenUrl', title: m.linkLabel, url: m.link }] : [],
        },
      },
    ],
  };
}

export function emailContent(m: RenderedMessage): { subject: string; text: string } {
  const lines = [m.title, '', m.text, m.link ? `${m.linkLabel}: ${m.link}` : '', '', m.occurredAt].filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));
  return { subject: `[${m.severityLabel}] ${m.title}`, text: `${lines.join('\n').trim()}\n` };
}
