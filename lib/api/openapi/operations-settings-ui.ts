import { listAuditSchema } from '../../audit/list-audit';
import { npmDraftSchema } from '../../settings/npm-draft';
import { documentOperations } from './registry';

documentOperations([
  { method: 'get', path: '/api/audit', tag: 'Audit', summary: 'Audit events, newest first (filter by actor, action, target, time)', access: 'audit:read', query: listAuditSchema,
    description: 'Text filters match part of the value. `from`/`to` are ISO dates. `per_page` is at most 100.',
    responseExample: { items: [{ id: 'clx…', actor_name: 'admin', actor_type: 'user', action: 'user.create', target: 'user:jane', details: { role: 'operator' }, address: '10.0.0.5', success: true, created_at: '2026-01-31T12:00:00.000Z' }], page: 1, per_page: 50, total: 1 } },
  { method: 'get', path: '/api/settings/branding/logo', tag: 'Settings', summary: 'The branding logo (PNG, JPG or sanitised SVG)', access: 'public', stream: 'text/plain',
    description: 'Served with its own content type; an SVG carries `Content-Security-Policy: default-src \'none\'; style-src \'unsafe-inline\'`. 404 when no logo is set.' },
  { method: 'post', path: '/api/settings/branding/logo', tag: 'Settings', summary: 'Upload the branding logo (≤ 512 KB)', access: 'settings:write',
    description: 'Send `multipart/form-data` with a field `file`, or the raw image as the body. The type is read from the bytes: PNG, JPG or SVG (sanitised: no scripts, event handlers, external references or foreignObject). 413 above 512 KB, 422 for any other type.\n\ncurl -X POST -H "Authorization: Bearer $TOKEN" -F file=@logo.svg http://localhost:8000/api/settings/branding/logo',
    responses: { '413': 'The image is larger than 512 KB' }, responseExample: { type: 'image/svg+xml', size: 1834 } },
  { method: 'delete', path: '/api/settings/branding/logo', tag: 'Settings', summary: 'Remove the branding logo', access: 'settings:write' },
  { method: 'post', path: '/api/settings/test-npm', tag: 'Settings', summary: 'Test the Nginx Proxy Manager connection', access: 'settings:write', body: npmDraftSchema,
    description: 'Uses the saved settings, overlaid with any values in the body, so a form can be tested before it is saved. An empty password keeps the saved one only for the saved NPM URL: a different URL needs `npm_api_password` in the body (422 otherwise), so the stored password is never sent to a URL a request names. Every call is audited (`settings.npm_test`). NPM\'s answers are summarised per check; a remote body is never passed on.',
    bodyExample: { npm_api_url: 'http://npm:81', npm_api_email: 'automation@msp.example.com' } },
  { method: 'post', path: '/api/settings/npm-certificates', tag: 'Settings', summary: "NPM's certificates, for the wildcard picker", access: 'settings:write', body: npmDraftSchema,
    description: 'Lists certificates (id, name, domains, expiry, provider; never their files or keys) from the NPM in the body or the saved one. POST only (no GET: the call makes the appliance log in somewhere). As for test-npm, a URL other than the saved one needs `npm_api_password` in the body (422 otherwise). Audited as `settings.npm_certificates`.' },
]);
