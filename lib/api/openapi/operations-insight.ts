import { documentOperations } from './registry';

documentOperations([
  { method: 'post', path: '/api/customers/{id}/netbird-token/rotate', tag: 'Customer operations', summary: "Rotate the appliance's NetBird API token for this tenant now (admin only; audited)", access: 'customers:credentials',
    description: 'The appliance reads each tenant\'s NetBird API as its own service user `msp-appliance` with a personal access token of 180 days, rotated by itself when fewer than 30 days are left. This call rotates at once: a new token is created and checked against NetBird, stored sealed, and only then is the old one deleted. 409 when the appliance holds no token for the tenant (setup left to the customer), 502 when NetBird cannot be reached or refuses (nothing changes).',
    responseExample: { expires_at: '2027-05-28T18:10:00.000Z' } },
]);
