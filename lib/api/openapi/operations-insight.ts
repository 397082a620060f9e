import { setNetbirdTokenSchema } from '../../insight/schemas';
import { documentOperations } from './registry';

documentOperations([
  { method: 'post', path: '/api/customers/{id}/netbird-token/rotate', tag: 'Customer operations', summary: "Rotate the appliance's NetBird API token for this tenant now (admin only; audited)", access: 'customers:credentials',
    description: 'The appliance reads each tenant\'s NetBird API as its own service user `msp-appliance` with a personal access token of 180 days, rotated by itself when fewer than 30 days are left. This call rotates at once: a new token is created and checked against NetBird, stored sealed, and only then is the old one deleted. 409 when the appliance holds no token for the tenant (setup left to the customer), 502 when NetBird cannot be reached or refuses (nothing changes).',
    responseExample: { expires_at: '2027-05-28T18:10:00.000Z' } },
  { method: 'put', path: '/api/customers/{id}/netbird-token', tag: 'Customer operations', summary: 'Give the appliance a NetBird API token for a tenant whose owner the customer set up (operators and admins; audited)', access: 'customers:write', body: setNetbirdTokenSchema,
    description: 'For tenants set up through the setup URL the appliance holds no NetBird token, so it cannot gather their figures. The token (a personal access token of an owner or admin) is tried with one call to the tenant\'s API before anything is stored: 422 on `token` when NetBird refuses it, 502 when the tenant cannot be reached, 409 before the first deploy; nothing is stored then. Accepted, it is stored sealed and never returned; the appliance creates its own service user `msp-appliance` with it (and rotates that user\'s token itself), and gathers the tenant\'s figures at once.',
    bodyExample: { token: 'nbp_3YpQm8KxT2VbLr7sDd9WfH4nZc6YjA1gEu5o' }, responseExample: { stored: true } },
]);
