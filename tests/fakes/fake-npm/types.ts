/** Rows and options of the fake Nginx Proxy Manager, shaped like NPM v2.15.1's API objects. */

export type Permission = 'manage' | 'view' | 'hidden';

export interface FakeNpmOptions {
  email?: string;
  password?: string;
  /** Host to bind; always loopback unless a standalone run asks otherwise. */
  host?: string;
  port?: number;
  version?: string;
  /** Lifetime of issued tokens in seconds (NPM: one day). */
  tokenLifetimeSeconds?: number;
  /** Simulated certbot duration per certificate request. */
  certificateDelayMs?: number;
}

export interface ProxyHostRow {
  id: number;
  created_on: string;
  modified_on: string;
  owner_user_id: number;
  is_deleted: boolean;
  domain_names: string[];
  forward_scheme: 'http' | 'https';
  forward_host: string;
  forward_port: number;
  access_list_id: number;
  certificate_id: number;
  ssl_forced: boolean;
  caching_enabled: boolean;
  block_exploits: boolean;
  advanced_config: string;
  meta: Record<string, unknown>;
  allow_websocket_upgrade: boolean;
  http2_support: boolean;
  enabled: boolean;
  locations: unknown[];
  hsts_enabled: boolean;
  hsts_subdomains: boolean;
  trust_forwarded_proto: boolean;
}

export interface CertificateRow {
  id: number;
  created_on: string;
  modified_on: string;
  owner_user_id: number;
  is_deleted: boolean;
  provider: string;
  nice_name: string;
  domain_names: string[];
  expires_on: string;
  meta: Record<string, unknown>;
}

export interface RequestLogEntry {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  status: number;
  body: unknown;
  at: number;
}

export interface IssuedToken {
  userId: number;
  expiresAt: number;
}

export interface FakeUser {
  id: number;
  email: string;
  password: string;
  twoFactor: boolean;
  permissions: { proxy_hosts: Permission; certificates: Permission };
}

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly debug?: Record<string, unknown>,
  ) {
    super(message);
  }
}
