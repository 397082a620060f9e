import { logsQuerySchema } from '../../customers/customer-logs';
import { adoptProxyHostSchema, createCustomerQuerySchema, createCustomerSchema, listCustomersQuerySchema, updateCustomerSchema } from '../../customers/schemas';
import { documentOperations } from './registry';

const createExample = { name: 'Acme Corp', subdomain: 'acme', email: 'admin@acme.com', max_devices: 20 };
const jobExample = {
  id: 'cm…', customer_id: 'cm…', kind: 'deploy', state: 'running', error: null, actor: 'admin',
  steps: [{ position: 0, name: 'allocate-ports', state: 'succeeded', message: null, duration_ms: 120 }],
};

documentOperations([
  { method: 'get', path: '/api/customers', tag: 'Customers', summary: 'List customers (paged, searchable, filterable by status and Docker host)', access: 'customers:read', query: listCustomersQuerySchema,
    description: 'Each item carries status, URL, dashboard_port, relay_udp_port, its Docker host ({id, name}), a container summary and `netbird` (peers, client versions, users, setup keys, management version, update available, token expiry; `stale` with a reason while the last read failed). Container states come from one shared Docker list call per host, never one call per customer; NetBird figures are read in the background and cached, never fetched per request.\n\nNetBird filters (each `true` or `false`): `peers_online` (at least one peer connected), `over_devices` (more peers than max_devices), `update_available` (NetBird reports a newer management release). `sort=peers_online` orders by connected peers.\n\n`host=<host id>` lists the customers on one Docker host. Status `unreachable`: the customer\'s host does not answer (its containers are not known to have failed).' },
  { method: 'post', path: '/api/customers', tag: 'Customers', summary: 'Create a customer and deploy its NetBird', access: 'customers:write', body: createCustomerSchema, bodyExample: createExample,
    query: createCustomerQuerySchema,
    responses: { '409': 'HOST_NOT_READY: the host asked for is cordoned, draining or unreachable, or no host takes new customers (nothing is created)' },
    description: 'Answers 201 at once with the customer (status deploying) and its job; with ?wait=true (or 1) when the job has finished. host_id (optional) names the Docker host (id or name); without it the ready host with the most free memory is chosen. An unknown host is 422 naming host_id.\n\ncurl -X POST http://localhost:8000/api/customers -H "Authorization: Bearer TOKEN" -H "Content-Type: application/json" -d \'{"name":"Acme Corp","subdomain":"acme","email":"admin@acme.com","max_devices":20}\'' },
  { method: 'get', path: '/api/customers/{id}', tag: 'Customers', summary: 'Get a customer', access: 'customers:read' },
  { method: 'put', path: '/api/customers/{id}', tag: 'Customers', summary: 'Edit name, email, notes, max devices (subdomain only while not deployed: 409)', access: 'customers:write', body: updateCustomerSchema },
  { method: 'delete', path: '/api/customers/{id}', tag: 'Customers', summary: 'Delete: proxy host, certificate, containers, network, data directory, record (202 with the job)', access: 'customers:write' },
  { method: 'post', path: '/api/customers/{id}/deploy', tag: 'Customer operations', summary: 'Redeploy (keeps ports, keys and data; picks up new images and settings)', access: 'customers:operate', responseExample: { job: jobExample } },
  { method: 'post', path: '/api/customers/{id}/start', tag: 'Customer operations', summary: 'Start the stack', access: 'customers:operate' },
  { method: 'post', path: '/api/customers/{id}/stop', tag: 'Customer operations', summary: 'Stop the stack (status inactive)', access: 'customers:operate' },
  { method: 'post', path: '/api/customers/{id}/restart', tag: 'Customer operations', summary: 'Restart the stack', access: 'customers:operate' },
  { method: 'post', path: '/api/customers/{id}/migrate', tag: 'Customer operations', summary: 'Move a classic tenant onto the combined NetBird server (backup first; back to classic on failure; 409 if already combined or no combined image)', access: 'customers:operate', responseExample: { job: jobExample } },
  { method: 'get', path: '/api/customers/{id}/logs', tag: 'Customer monitoring', summary: 'Container logs: last lines as JSON; follow=true streams NDJSON (a blank line every 20 s while the container is quiet keeps the answer alive: skip blank lines)', access: 'customers:logs', query: logsQuerySchema, stream: 'text/plain' },
  { method: 'get', path: '/api/customers/{id}/health', tag: 'Customer monitoring', summary: 'Per container: state, health result, restarts, since', access: 'customers:read' },
  { method: 'get', path: '/api/customers/{id}/stats', tag: 'Customer monitoring', summary: 'CPU, memory and network of each container, sampled now', access: 'customers:read' },
  { method: 'get', path: '/api/customers/{id}/jobs', tag: 'Customer monitoring', summary: 'Job history with steps and durations', access: 'customers:read', responseExample: { items: [jobExample] } },
  { method: 'get', path: '/api/customers/{id}/events', tag: 'Customer monitoring', summary: 'Server-sent events: live step progress of the running job, then `done`', access: 'customers:read', stream: 'text/event-stream' },
  { method: 'post', path: '/api/customers/{id}/proxy-host/adopt', tag: 'Customer operations', summary: 'Adopt a proxy host made by hand in NPM for this customer (admin only; audited)', access: 'settings:write', body: adoptProxyHostSchema,
    description: 'A deploy refuses (409 NPM_HOST_FOREIGN, naming the host id) to change a proxy host for the customer\'s domain that the appliance did not create, and a delete leaves such a host in place. This call takes one over explicitly: `host_id` must be the NPM host that serves the customer\'s domain (404 otherwise). The host is rewritten to the customer\'s settings, marked as the appliance\'s and recorded on the deployment.',
    bodyExample: { host_id: 12 }, responseExample: { host_id: 12, certificate_id: 4, domain: 'acme.msp.example.com' } },
  { method: 'get', path: '/api/customers/{id}/credentials', tag: 'Customers', summary: "The tenant owner's email, password and setup URL (admin only; every read audited)", access: 'customers:credentials' },
]);
