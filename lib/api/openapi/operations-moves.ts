import { drainHostSchema, moveTenantSchema } from '../../moves/schemas';
import { documentOperations } from './registry';

const moveExample = {
  id: 'cm…',
  job_id: 'cm…',
  customer_id: 'cm…',
  drain_id: null,
  from_host: 'local',
  to_host: 'cm…',
  from_ports: { dashboard: 9003, relay: 3481 },
  to_ports: { dashboard: 9000, relay: 3478 },
  state: 'succeeded',
  downtime_ms: 6400,
  snapshot_id: '4f2a…',
  error: null,
  created_at: '2026-11-29T18:00:00Z',
  finished_at: '2026-11-29T18:01:10Z',
};

const drainExample = {
  id: 'cm…',
  host_id: 'cm…',
  state: 'running',
  parallel: 2,
  total: 5,
  moved: 2,
  moving: 2,
  failed: [],
  created_at: '2026-11-29T18:00:00Z',
  finished_at: null,
};

documentOperations([
  { method: 'get', path: '/api/customers/{id}/move', tag: 'Hosts', summary: "The host the customer runs on and its latest move: state, ports, measured downtime (null when never moved)", access: 'customers:read',
    responseExample: { host_id: 'cm…', move: moveExample } },
  { method: 'post', path: '/api/customers/{id}/move', tag: 'Hosts', summary: 'Move a tenant to another host, as a job (202)', access: 'settings:write', body: moveTenantSchema,
    description:
      'Steps: check (target ready, images present or pullable, ports free) → restic snapshot → prepare the target (ports, files, containers created) → stop the source (downtime starts) → copy management data engine to engine → start and health-check the target → switch the NPM forward target → verify (owner, store, encryption key) → record host and ports → remove the source. Any failure removes what was made on the target and starts the source again. 422 for an unknown host_id; 409 for the current host, a cordoned, draining or unreachable target, or a job already running.',
    bodyExample: { host_id: 'cm…' }, responseExample: { job: { id: 'cm…', kind: 'move', state: 'queued' }, move_id: 'cm…' } },
  { method: 'get', path: '/api/hosts/{id}/drain', tag: 'Hosts', summary: "The host's latest drain and its progress (null when never drained)", access: 'settings:read', responseExample: { drain: drainExample } },
  { method: 'post', path: '/api/hosts/{id}/drain', tag: 'Hosts', summary: 'Drain a host: set it draining and move its tenants to other ready hosts, `parallel` at a time (default 2; 202)', access: 'settings:write',
    body: drainHostSchema, description: 'A failed move leaves that tenant on the host and the drain goes on; it ends `done` when the host is empty, else `failed` naming the tenants that stayed. 409 while a drain of the host runs or when no other host takes tenants.',
    bodyExample: { parallel: 2 }, responseExample: drainExample },
]);
