import type { StackInput } from './stack-spec';
import { tenantContainerName, tenantNetworkName } from '../tenants/names';

/** Every value the templates use, computed once so files and container settings agree. */
export interface TemplateContext {
  subdomain: string;
  customerId: string;
  domain: string;
  publicUrl: string;
  dnsDomain: string;
  dashboardPort: number;
  relayPort: number;
  encryptionKey: string;
  relaySecret: string;
  stunUri: string;
  relayAddress: string;
  signalUri: string;
  issuer: string;
  redirectUri: string;
  silentRedirectUri: string;
  network: string;
  proxyNetwork: string;
  memoryLimitMb: number;
  names: Record<'management' | 'signal' | 'relay' | 'dashboard' | 'caddy', string>;
  images: Record<'management' | 'signal' | 'relay' | 'dashboard' | 'caddy', string>;
  upstreams: Record<'relay' | 'signal' | 'signalGrpc' | 'management' | 'managementGrpc' | 'dashboard', string>;
  managementCommand: string[];
  managementEnv: Record<string, string>;
  relayEnv: Record<string, string>;
  dashboardEnv: Record<string, string>;
}

/** NetBird's peer DNS zone inside each tenant; tenants are separate installations, so one name fits all. */
export const PEER_DNS_DOMAIN = 'netbird.selfhosted';

export function buildTemplateContext(input: StackInput, domain: string): TemplateContext {
  const sub = input.customer.subdomain;
  const s = input.settings;
  const name = (service: string) => tenantContainerName(sub, service);
  const publicUrl = `https://${domain}`;
  const relayAddress = `rels://${domain}:443`;
  const issuer = `${publicUrl}/oauth2`;
  const relayPort = input.deployment.relayPort;
  return {
    subdomain: sub,
    customerId: input.customer.id,
    domain,
    publicUrl,
    dnsDomain: PEER_DNS_DOMAIN,
    dashboardPort: input.deployment.dashboardPort,
    relayPort,
    encryptionKey: input.secrets.encryptionKey,
    relaySecret: input.secrets.relaySecret,
    stunUri: `stun:${domain}:${relayPort}`,
    relayAddress,
    signalUri: `${domain}:443`,
    issuer,
    redirectUri: `${publicUrl}/nb-auth`,
    silentRedirectUri: `${publicUrl}/nb-silent-auth`,
    network: tenantNetworkName(sub),
    proxyNetwork: input.proxyNetwork,
    memoryLimitMb: s.container_memory_limit_mb,
    names: { management: name('management'), signal: name('signal'), relay: name('relay'), dashboard: name('dashboard'), caddy: name('caddy') },
    images: {
      management: s.netbird_management_image,
      signal: s.netbird_signal_image,
      relay: s.netbird_relay_image,
      dashboard: s.netbird_dashboard_image,
      caddy: s.caddy_image,
    },
    upstreams: {
      relay: `${name('relay')}:80`,
      signal: `${name('signal')}:80`,
      signalGrpc: `h2c://${name('signal')}:10000`,
      management: `${name('management')}:80`,
      managementGrpc: `h2c://${name('management')}:80`,
      dashboard: `${name('dashboard')}:80`,
    },
    // NetBird maps no NB_* variables to management flags, so these must be arguments.
    managementCommand: [
      '--port',
      '80',
      '--log-file',
      'console',
      '--log-level',
      'info',
      `--single-account-mode-domain=${domain}`,
      `--dns-domain=${PEER_DNS_DOMAIN}`,
      '--idp-sign-key-refresh-enabled',
    ],
    managementEnv: { NB_SETUP_PAT_ENABLED: 'true', NB_DISABLE_GEOLOCATION: 'true' },
    relayEnv: {
      NB_LOG_LEVEL: 'info',
      NB_LISTEN_ADDRESS: ':80',
      NB_EXPOSED_ADDRESS: relayAddress,
      NB_AUTH_SECRET: input.secrets.relaySecret,
      NB_ENABLE_STUN: 'true',
      NB_STUN_PORTS: String(relayPort),
    },
    dashboardEnv: {
      NETBIRD_MGMT_API_ENDPOINT: publicUrl,
      NETBIRD_MGMT_GRPC_API_ENDPOINT: publicUrl,
      AUTH_AUTHORITY: issuer,
      AUTH_CLIENT_ID: 'netbird-dashboard',
      AUTH_AUDIENCE: 'netbird-dashboard',
      AUTH_CLIENT_SECRET: '',
      AUTH_SUPPORTED_SCOPES: 'openid profile email groups',
      USE_AUTH0: 'false',
      AUTH_REDIRECT_URI: '/nb-auth',
      AUTH_SILENT_REDIRECT_URI: '/nb-silent-auth',
      NETBIRD_TOKEN_SOURCE: 'accessToken',
      NGINX_SSL_PORT: '443',
      LETSENCRYPT_DOMAIN: 'none',
    },
  };
}
