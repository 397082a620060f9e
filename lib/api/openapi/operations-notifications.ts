import { channelInputSchema, deliveriesQuerySchema, muteInputSchema } from '../../notifications/schemas';
import { documentOperations } from './registry';

documentOperations([
  { method: 'get', path: '/api/notifications/channels', tag: 'Notifications', summary: 'Notification channels (secrets never returned, only which are set)', access: 'settings:write' },
  { method: 'post', path: '/api/notifications/channels', tag: 'Notifications', summary: 'Add an e-mail, webhook, Teams or Slack channel (201)', access: 'settings:write', body: channelInputSchema,
    bodyExample: { kind: 'webhook', name: 'On-call', url: 'https://hooks.example.com/msp', signing_secret: 'a-long-random-shared-secret', language: 'en', min_severity: 'warning', events: ['tenant.down', 'backup.failed'] },
    description: 'Webhook requests are JSON, signed: X-Signature-SHA256 is the hex HMAC-SHA256 of "<X-Signature-Timestamp>.<body>" with the signing secret. Failed deliveries are retried with back-off (2 s, 10 s, 1 min, 5 min, 30 min, 2 h) and then given up.' },
  { method: 'put', path: '/api/notifications/channels/{id}', tag: 'Notifications', summary: 'Change a channel; empty secrets keep the saved ones (a changed URL or SMTP server needs its secret again)', access: 'settings:write', body: channelInputSchema },
  { method: 'delete', path: '/api/notifications/channels/{id}', tag: 'Notifications', summary: 'Delete a channel and its delivery log (204)', access: 'settings:write' },
  { method: 'post', path: '/api/notifications/channels/{id}/test', tag: 'Notifications', summary: 'Queue a test message (202); the result shows in the delivery log', access: 'settings:write' },
  { method: 'get', path: '/api/notifications/deliveries', tag: 'Notifications', summary: 'The delivery log, newest first: state, attempts, the answer status code and our reason', access: 'settings:write', query: deliveriesQuerySchema },
  { method: 'get', path: '/api/notifications/mutes', tag: 'Notifications', summary: 'Tenants in maintenance (events recorded, not sent)', access: 'settings:write' },
  { method: 'post', path: '/api/notifications/mutes', tag: 'Notifications', summary: 'Mute a tenant for some hours or until unmuted (204)', access: 'settings:write', body: muteInputSchema },
  { method: 'delete', path: '/api/notifications/mutes/{customerId}', tag: 'Notifications', summary: 'Unmute a tenant (204)', access: 'settings:write' },
  { method: 'get', path: '/api/metrics', tag: 'Metrics', summary: 'Prometheus metrics (text exposition format); needs the metrics:read scope', access: 'metrics:read', stream: 'text/plain' },
]);
