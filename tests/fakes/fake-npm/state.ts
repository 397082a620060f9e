import { randomBytes } from 'node:crypto';
import type { CertificateRow, FakeNpmOptions, FakeUser, IssuedToken, ProxyHostRow, RequestLogEntry } from './types';

/** NPM prints dates as `YYYY-MM-DD HH:mm:ss` (UTC). */
export function npmDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Everything the fake knows, plus the switches tests flip to provoke NPM's failure modes. */
export class FakeNpmState {
  readonly version: string;
  readonly user: FakeUser;
  readonly hosts: ProxyHostRow[] = [];
  readonly certificates: CertificateRow[] = [];
  readonly requests: RequestLogEntry[] = [];
  readonly tokens = new Map<string, IssuedToken>();
  tokenLifetimeSeconds: number;
  certificateDelayMs: number;
  /** Remaining certificate issuances that fail like certbot does. */
  failCertificates = 0;
  failCertificateOutput = 'Some challenges have failed.';
  /** Called when "certbot" starts (tests use it to change the world mid-request). */
  onCertificateIssue: (() => void) | undefined;
  /** Remaining host writes that answer 500 after the row was saved. */
  failHostWritesAfterSave = 0;
  /** Upstream host names `nginx -t` cannot resolve. */
  readonly unresolvableUpstreams = new Set<string>();
  /** Directives the fake's nginx build does not know (besides UNKNOWN_DIRECTIVE). */
  readonly unknownDirectives = new Set<string>();
  /** The nginx config file of each host that has one (`/data/nginx/proxy_host/<id>.conf`): its advanced config. */
  readonly configFiles = new Map<number, string>();
  private nextHostId = 1;
  private nextCertificateId = 1;

  constructor(options: FakeNpmOptions) {
    this.version = options.version ?? '2.15.1';
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 86_400;
    this.certificateDelayMs = options.certificateDelayMs ?? 0;
    this.user = {
      id: 1,
      email: options.email ?? 'admin@example.com',
      password: options.password ?? 'changeme-npm-password',
      twoFactor: false,
      permissions: { proxy_hosts: 'manage', certificates: 'manage' },
    };
  }

  nginxWorld(): { unresolvable: ReadonlySet<string>; unknownDirectives: ReadonlySet<string> } {
    return { unresolvable: this.unresolvableUpstreams, unknownDirectives: this.unknownDirectives };
  }

  issueToken(lifetimeSeconds = this.tokenLifetimeSeconds): { token: string; expires: string } {
    const seconds = Math.min(lifetimeSeconds, this.tokenLifetimeSeconds);
    const expiresAt = Date.now() + seconds * 1000;
    const header = base64url({ alg: 'RS256', typ: 'JWT' });
    const payload = base64url({ attrs: { id: this.user.id }, scope: ['user'], jti: randomBytes(6).toString('hex'), exp: Math.floor(expiresAt / 1000) });
    const token = `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { userId: this.user.id, expiresAt });
    return { token, expires: new Date(expiresAt).toISOString() };
  }

  expireAllTokens(): void {
    for (const issued of this.tokens.values()) issued.expiresAt = Date.now() - 1000;
  }

  liveHosts(): ProxyHostRow[] {
    return this.hosts.filter((h) => !h.is_deleted);
  }

  liveCertificates(): CertificateRow[] {
    return this.certificates.filter((c) => !c.is_deleted);
  }

  insertHost(fields: Omit<ProxyHostRow, 'id' | 'created_on' | 'modified_on' | 'owner_user_id' | 'is_deleted'>): ProxyHostRow {
    const now = npmDate(Date.now());
    const row: ProxyHostRow = { ...fields, id: this.nextHostId++, created_on: now, modified_on: now, owner_user_id: this.user.id, is_deleted: false };
    this.hosts.push(row);
    return row;
  }

  /** Seeds or issues a certificate row; `expires_on` defaults to 90 days like Let's Encrypt. */
  insertCertificate(fields: { domain_names: string[]; provider?: string; nice_name?: string; expires_on?: string; meta?: Record<string, unknown> }): CertificateRow {
    const now = Date.now();
    // Uploaded certificates keep their PEM files in meta, private key included, and NPM lists them as they are.
    const uploaded = fields.provider === 'other' ? { certificate: '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----', certificate_key: `-----BEGIN PRIVATE KEY-----\nfake-key-${randomBytes(8).toString('hex')}\n-----END PRIVATE KEY-----` } : {};
    const row: CertificateRow = {
      id: this.nextCertificateId++,
      created_on: npmDate(now),
      modified_on: npmDate(now),
      owner_user_id: this.user.id,
      is_deleted: false,
      provider: fields.provider ?? 'letsencrypt',
      nice_name: fields.nice_name ?? fields.domain_names.join(', '),
      domain_names: fields.domain_names,
      expires_on: fields.expires_on ?? npmDate(now + 90 * 86_400_000),
      meta: { ...uploaded, ...(fields.meta ?? {}) },
    };
    this.certificates.push(row);
    return row;
  }
}
