import { pinSchema, planActionSchema, planSchema } from '../../fleet/plan-schema';
import { documentOperations } from './registry';

const images = { management: 'netbirdio/management:0.78.0', signal: 'netbirdio/signal:0.78.0', relay: 'netbirdio/relay:0.78.0', dashboard: 'netbirdio/dashboard:v2.91.0', caddy: 'caddy:2.10-alpine' };

documentOperations([
  { method: 'get', path: '/api/upgrades/inventory', tag: 'Upgrades', summary: 'What every tenant runs (read from the engine), its pin, whether it is behind the fleet default; tenants grouped by version', access: 'customers:read' },
  { method: 'get', path: '/api/upgrades', tag: 'Upgrades', summary: 'The latest upgrade plans with their waves and per-tenant outcomes', access: 'customers:read' },
  { method: 'post', path: '/api/upgrades', tag: 'Upgrades', summary: 'Plan a fleet upgrade (202 and it starts), or a dry run (200 with the waves)', access: 'settings:write', body: planSchema,
    bodyExample: { images, canary: 1, wave_size: 5, parallel: 2, soak_seconds: 300, failure_budget: 2, peer_fraction: 0.8, peer_timeout_seconds: 300, dry_run: true },
    description: 'Tenants: every deployed one, narrowed by `customer_ids`, `subdomain_prefix`, `from_version`, `host_ids` and `host_labels` (hosts carrying every label); unknown customers or hosts, and a label no host carries, are 422 naming the field. `kind: "migrate"` moves classic tenants to the combined layout (the customer\'s migrate job per tenant, through the same waves and budget; no `images`). Without `images` the target is the fleet default (the image settings); explicit images must exist on the hosts (else 422 naming `images.<service>`). Pinned tenants and tenants already on the target are left out. Per tenant: a backup snapshot, the new images, a health gate (containers healthy, management answering, connected peers back to `peer_fraction`), else a rollback to the previous images and, when management changed, the data snapshot. The plan stops once `failure_budget` tenants failed. 409 while another plan runs or is paused.' },
  { method: 'get', path: '/api/upgrades/{id}', tag: 'Upgrades', summary: 'One plan: state, waves, per-tenant state, timings and rollback reasons', access: 'customers:read' },
  { method: 'post', path: '/api/upgrades/{id}', tag: 'Upgrades', summary: 'Pause, resume or abort a plan (409 from a state that does not allow it)', access: 'settings:write', body: planActionSchema, bodyExample: { action: 'pause' } },
  { method: 'get', path: '/api/upgrades/{id}/events', tag: 'Upgrades', summary: 'Live progress of a plan (server-sent events: `plan` on every change, `done` at the end)', access: 'customers:read' },
  { method: 'get', path: '/api/customers/{id}/pin', tag: 'Upgrades', summary: "The customer's image pin (null: it follows the fleet default)", access: 'customers:read' },
  { method: 'put', path: '/api/customers/{id}/pin', tag: 'Upgrades', summary: 'Pin the customer to these images: plans pass it by, its redeploys use them', access: 'settings:write', body: pinSchema, bodyExample: { images, note: 'waits for the customer\'s change window' } },
  { method: 'delete', path: '/api/customers/{id}/pin', tag: 'Upgrades', summary: 'Remove the pin: the customer follows the fleet default again', access: 'settings:write' },
]);
