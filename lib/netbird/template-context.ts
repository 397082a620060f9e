import type { Layout } from './layout';
import type { StackInput } from './stack-spec';
import { tenantContainerName, tenantNetworkName } from '../tenants/names';

/** Every value the templates use, computed once so files and container settings agree. */
export interface TemplateContext {
  layout: Layout;
  subdomain: string;
  customerId: string;
  domain: string;
  publicUrl: string;
  dnsDomain: string;
  dashboardPort: number;
  relayPort: number;
  encryptionKey: string;
  relaySecret: string;
  /** Key of the built-in identity provider's session cookies (combined config.yaml). */
  sessionCookieKey: string;
  /** The combined server's exposedAddress: scheme, host and port as peers reach it. */
  exposedAddress: string;
  disableGeolocation: boolean;
  /** Senders whose X-Forwarded-For is believed: by the tenant's Caddy (NPM) and by NetBird (Caddy). */
  trustedProxies: string[];
  /** The STUN server peers are told about (management.json's Stuns; derived by NetBird from config.yaml). */
  stunUri: string;
  relayAddress: string;
  signalUri: string;
  issuer: string;
  redirectUri: string;
  silentRedirectUri: string;
  network: string;
  proxyNetwork: string;
  memoryLimitMb: number;
  names: Record<'management' | 'signal' | 'relay' | 'server' | 'dashboard' | 'caddy', string>;
  images: Record<'management' | 'signal' | 'relay' | 'server' | 'dashboard' | 'caddy', string>;
  upstreams: Record<'relay' | 'signal' | 'signalGrpc' | 'management' | 'managementGrpc' | 'dashboard', string>;
  managementCommand: string[];
  managementEnv: Record<string, string>;
  serverEnv: Record<string, string>;
  relayEnv: Record<string, string>;
  dashboardEnv: Record<string, string>;
}

/**
 * Whose X-Forwarded-For is believed, by the tenant's Caddy and by NetBird alike: the private
 * ranges. Requests reach NetBird only through NPM and the tenant's Caddy (both on private
 * addresses, Caddy's port bound to the addresses NPM uses). NPM sets the client's address; Caddy
 * keeps it when the sender is in these ranges and appends the sender, so NetBird, walking from
 * the right, finds the client as the first address outside them. A sender outside them gets its
 * X-Forwarded-For replaced by its own address (and its X-Real-IP dropped) at Caddy.
 */
export const TRUSTED_PROXY_RANGES = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '::1/128', 'fc00::/7'] as const;

/** NetBird's peer DNS zone inside each tenant; tenants are separate installations, so one name fits all. */
export const PEER_DNS_DOMAIN = 'netbird.selfhosted';

/** GeoLite lookups: `auto` keeps them off for classic management (its first start dies when the download fails) and on for the combined server. */
export function geolocationDisabled(setting: 'auto' | 'on' | 'off', layout: Layout): boolean {
  if (setting === 'auto') return layout === 'classic';
  return setting === 'off';
}

/**
 * Caddy's upstreams. The routes are the same in both layouts (NetBird's own recipes route
 * /relay, /ws-proxy/, /api, /oauth2 and the gRPC paths the same way); in the combined layout
 * every NetBird path goes to the one server port, gRPC as h2c.
 */
function upstreamsFor(layout: Layout, name: (service: string) => string): TemplateContext['upstreams'] {
  if (layout === 'combined') {
    const server = `${name('server')}:80`;
    return { relay: server, signal: server, signalGrpc: `h2c://${server}`, management: server, managementGrpc: `h2c://${server}`, dashboard: `${name('dashboard')}:80` };
  }
  return {
    relay: `${name('relay')}:80`,
    signal: `${name('signal')}:80`,
    signalGrpc: `h2c://${name('signal')}:10000`,
    management: `${name('management')}:80`,
    managementGrpc: `h2c://${name('management')}:80`,
    dashboard: `${name('dashboard')}:80`,
  };
}

export function buildTemplateContext(input: StackInput, domain: string): TemplateContext {
  const sub = input.customer.subdomain;
  const s = input.settings;
  const name = (service: string) => tenantContainerName(sub, service);
  const publicUrl = `https://${domain}`;
  const relayAddress = `rels://${domain}:443`;
  const issuer = `${publicUrl}/oauth2`;
  const relayPort = input.deployment.relayPort;
  const disableGeolocation = geolocationDisabled(s.netbird_geolocation, input.layout);
  return {
    layout: input.layout,
    subdomain: sub,
    customerId: input.customer.id,
    domain,
    publicUrl,
    dnsDomain: PEER_DNS_DOMAIN,
    dashboardPort: input.deployment.dashboardPort,
    relayPort,
    encryptionKey: input.secrets.encryptionKey,
    relaySecret: input.secrets.relaySecret,
    sessionCookieKey: input.secrets.sessionCookieKey,
    exposedAddress: `${publicUrl}:443`,
    disableGeolocation,
    trustedProxies: [...TRUSTED_PROXY_RANGES],
    // STUN is plain UDP straight to the host (it cannot pass NPM). Classic management.json names
    // another host's public address; the combined server always announces its exposed domain, so
    // it runs only on hosts where that is right (layout.ts, combinedFitsHost).
    stunUri: `stun:${input.layout === 'classic' ? (input.host?.stunAddress ?? domain) : domain}:${relayPort}`,
    relayAddress,
    signalUri: `${domain}:443`,
    issuer,
    redirectUri: `${publicUrl}/nb-auth`,
    silentRedirectUri: `${publicUrl}/nb-silent-auth`,
    network: tenantNetworkName(sub),
    proxyNetwork: input.proxyNetwork,
    memoryLimitMb: s.container_memory_limit_mb,
    names: {
      management: name('management'),
      signal: name('signal'),
      relay: name('relay'),
      server: name('server'),
      dashboard: name('dashboard'),
      caddy: name('caddy'),
    },
    images: {
      management: s.netbird_management_image,
      signal: s.netbird_signal_image,
      relay: s.netbird_relay_image,
      server: s.netbird_server_image,
      dashboard: s.netbird_dashboard_image,
      caddy: s.caddy_image,
    },
    upstreams: upstreamsFor(input.layout, name),
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
    managementEnv: { NB_SETUP_PAT_ENABLED: 'true', NB_DISABLE_GEOLOCATION: String(disableGeolocation) },
    // The combined server reads everything else from config.yaml.
    serverEnv: { NB_DISABLE_GEOLOCATION: String(disableGeolocation) },
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
