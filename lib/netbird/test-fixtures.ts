import type { StackInput } from './stack-spec';

/** A complete, valid stack input for unit tests; override what a test is about. */
export function stackInput(over: Partial<StackInput> = {}): StackInput {
  return {
    customer: { id: 'cust_123', subdomain: 'acme' },
    layout: 'classic',
    deployment: { dashboardPort: 9001, relayPort: 3479 },
    secrets: { encryptionKey: Buffer.alloc(32, 7).toString('base64'), relaySecret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I', sessionCookieKey: Buffer.alloc(32, 9).toString('base64') },
    settings: {
      base_domain: 'msp.example.com',
      netbird_management_image: 'netbirdio/management:0.77.1',
      netbird_signal_image: 'netbirdio/signal:0.77.1',
      netbird_relay_image: 'netbirdio/relay:0.77.1',
      netbird_dashboard_image: 'netbirdio/dashboard:v2.90.9',
      caddy_image: 'caddy:2.10-alpine',
      netbird_server_image: 'netbirdio/netbird-server:0.77.1',
      netbird_geolocation: 'auto',
      container_memory_limit_mb: 512,
      docker_subnet_pool: '10.213.0.0/16',
    },
    dataRoot: '/srv/netbird-msp/tenants',
    proxyNetwork: 'npm-network',
    listenAddresses: ['127.0.0.1'],
    ...over,
  };
}
