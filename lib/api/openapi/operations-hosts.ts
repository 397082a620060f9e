import { createHostSchema, updateHostSchema } from '../../hosts/schemas';
import { documentOperations } from './registry';

const hostExample = {
  id: 'cm…',
  name: 'fra-2',
  endpoint: 'ssh://deploy@fra-2.msp.example.com',
  transport: 'ssh',
  public_address: '203.0.113.20',
  forward_address: '10.0.0.20',
  dashboard_ports: { start: 9000, end: 9499 },
  relay_ports: { start: 3478, end: 3977 },
  labels: ['region=eu'],
  state: 'ready',
  set_state: 'ready',
  last_contact_at: '2026-11-29T14:00:00Z',
  last_error: null,
  facts: { engine_version: '27.3.1', architecture: 'x86_64', cpus: 8, memory_total_bytes: 33554432000, memory_free_bytes: 20971520000, disk_free_bytes: 214748364800 },
  tenants: 12,
  has_credentials: true,
};

documentOperations([
  { method: 'get', path: '/api/hosts', tag: 'Hosts', summary: 'The Docker hosts tenants run on (the local engine is always listed)', access: 'settings:read', responseExample: { items: [hostExample] } },
  { method: 'post', path: '/api/hosts', tag: 'Hosts', summary: 'Add a Docker host reached over SSH or TCP with TLS (201; 409 HOST_NAME_TAKEN)', access: 'settings:write', body: createHostSchema,
    description: 'ssh:// endpoints need an unencrypted private key (the remote user must be able to run `docker`); tcp:// endpoints need the CA, a client certificate and its key. Key material is stored sealed with SECRET_KEY and never returned. `ssh_host_key` (ssh:// only) pins the host key by its SHA256 fingerprint; without it the first successful test pins the key it sees. `tenant_root` is where the host keeps its tenants\' files. Adding does not connect: use the test operation.',
    bodyExample: { name: 'fra-2', endpoint: 'ssh://deploy@fra-2.msp.example.com', ssh_private_key: '-----BEGIN OPENSSH PRIVATE KEY-----…', public_address: '203.0.113.20', forward_address: '10.0.0.20', labels: ['region=eu'] } },
  { method: 'get', path: '/api/hosts/{id}', tag: 'Hosts', summary: 'One host with its state, last contact and the figures of its last test', access: 'settings:read' },
  { method: 'put', path: '/api/hosts/{id}', tag: 'Hosts', summary: 'Change a host: addresses, port ranges, labels, tenant root, SSH host key, state (ready, cordoned, draining), endpoint with its credentials', access: 'settings:write', body: updateHostSchema,
    description: 'Only the fields sent change. `ssh_host_key: null` forgets the pinned key (the next successful test pins the one it sees); a host key for a tcp:// host is 422. A new endpoint forgets the old pin unless the request pins the new one.',
    bodyExample: { state: 'cordoned' } },
  { method: 'delete', path: '/api/hosts/{id}', tag: 'Hosts', summary: 'Remove a host without tenants (409 HOST_IN_USE while tenants run there, HOST_BUSY while a move or drain touches it; the local host cannot be removed)', access: 'settings:write' },
  { method: 'post', path: '/api/hosts/{id}/test', tag: 'Hosts', summary: 'Test connection: engine version, architecture, free memory and disk, configured images present', access: 'settings:write',
    responseExample: { ok: true, error: null, duration_ms: 840, facts: hostExample.facts } },
]);
