import type { z } from 'zod';
import { AppError } from '../errors';
import type { Settings } from '../settings/schema';
import { readNpmConfig, type NpmConfig } from './config';
import { NpmVendorError, parseNpm, sendNpmRequest, type NpmRequest } from './http';
import { logProxy } from './log';
import { explainWriteFailure } from './permissions';
import { isTokenExpired, toNpmAppError } from './map-error';
import { redactSecrets, registerSecret } from './redact';
import { loginSchema, tokenSchema } from './schemas';

interface CachedToken {
  token: string;
  issuedAt: number;
  expiresAt: number;
}

/** Tokens per NPM URL + user, in-process: one login serves every operation until it is refreshed. */
const tokens = new Map<string, CachedToken>();
const logins = new Map<string, Promise<CachedToken>>();

/** Refresh once three quarters of a token's life are gone (18 h of NPM's 1 day). */
const REFRESH_AT = 0.75;
/** Never use a token this close to its expiry (capped for short-lived tokens); a request in flight could outlive it. */
const EXPIRY_SKEW_MS = 5_000;

function expirySkew(token: CachedToken): number {
  return Math.min(EXPIRY_SKEW_MS, (token.expiresAt - token.issuedAt) * 0.1);
}

export function clearNpmTokenCache(): void {
  tokens.clear();
  logins.clear();
}

function toCached(token: string, expires: string): CachedToken {
  registerSecret(token);
  const now = Date.now();
  const parsed = Date.parse(expires);
  return { token, issuedAt: now, expiresAt: Number.isNaN(parsed) ? now + 86_400_000 : parsed };
}

/** An authenticated conversation with one NPM: logs in, refreshes, and retries once after an expired token. */
export class NpmSession {
  private readonly key: string;

  constructor(readonly config: NpmConfig) {
    this.key = `${config.baseUrl}|${config.email.toLowerCase()}`;
    registerSecret(config.password);
  }

  static fromSettings(settings: Settings): NpmSession {
    return new NpmSession(readNpmConfig(settings));
  }

  /** Performs a request and parses the answer; NPM errors come out as AppErrors. */
  async request<T extends z.ZodType>(req: Omit<NpmRequest, 'token'>, schema: T, what: string): Promise<z.output<T>> {
    let data: unknown;
    try {
      data = await this.requestRaw(req);
    } catch (err) {
      throw toNpmAppError(err);
    }
    return parseNpm(schema, data, what);
  }

  /**
   * Like `request`, but throws NpmVendorError untouched so callers can handle
   * a specific status — except a 500 on a write that NPM's permissions
   * explain, which comes out as NPM_FORBIDDEN.
   */
  async requestRaw(req: Omit<NpmRequest, 'token'>): Promise<unknown> {
    let current = await this.currentToken();
    try {
      return await sendNpmRequest(this.config.baseUrl, { ...req, token: current.token });
    } catch (err) {
      // A token NPM no longer accepts (expired early, or NPM's keys changed: a 500 on a read) → log in once more.
      const stale = isTokenExpired(err) || (err instanceof NpmVendorError && err.status === 500 && req.method === 'GET');
      if (!stale) throw await explainWriteFailure(this, err);
      logProxy('info', 'npm token rejected, logging in again', { url: this.config.baseUrl, status: err instanceof NpmVendorError ? err.status : undefined });
      tokens.delete(this.key);
      current = await this.login();
      return sendNpmRequest(this.config.baseUrl, { ...req, token: current.token });
    }
  }

  /** A fresh login, bypassing the cache (the Settings page's credential check uses it). */
  login(): Promise<CachedToken> {
    const running = logins.get(this.key);
    if (running) return running;
    const attempt = this.loginOnce().finally(() => logins.delete(this.key));
    logins.set(this.key, attempt);
    return attempt;
  }

  private async currentToken(): Promise<CachedToken> {
    const cached = tokens.get(this.key);
    const now = Date.now();
    if (!cached || now >= cached.expiresAt - expirySkew(cached)) return this.login();
    if (now < cached.issuedAt + (cached.expiresAt - cached.issuedAt) * REFRESH_AT) return cached;
    try {
      const data = await sendNpmRequest(this.config.baseUrl, { method: 'GET', path: '/tokens?expiry=1d', token: cached.token });
      const fresh = parseNpm(tokenSchema, data, 'token refresh');
      const next = toCached(fresh.token, fresh.expires);
      tokens.set(this.key, next);
      logProxy('debug', 'npm token refreshed', { url: this.config.baseUrl });
      return next;
    } catch (err) {
      if (!(err instanceof NpmVendorError)) throw err;
      logProxy('info', 'npm token refresh refused, logging in again', { url: this.config.baseUrl, status: err.status });
      return this.login();
    }
  }

  private async loginOnce(): Promise<CachedToken> {
    const { baseUrl, email, password } = this.config;
    let data: unknown;
    try {
      data = await sendNpmRequest(baseUrl, { method: 'POST', path: '/tokens', body: { identity: email, secret: password } });
    } catch (err) {
      if (err instanceof NpmVendorError && (err.status === 400 || err.status === 401)) {
        throw new AppError(
          'NPM_AUTH_FAILED',
          redactSecrets(`NPM rejected the login of ${email} ("${err.npmMessage}"). Check the NPM email and password in Settings; they are an NPM user's credentials, not the appliance's.`),
        );
      }
      throw toNpmAppError(err);
    }
    const answer = parseNpm(loginSchema, data, 'login');
    if ('requires_2fa' in answer) {
      throw new AppError(
        'NPM_2FA_ENABLED',
        `The NPM user ${email} has two-factor authentication enabled, which an automated client cannot complete. Create an automation user in NPM without 2FA (with "Manage" permission for proxy hosts and certificates) and enter its credentials in Settings.`,
      );
    }
    const cached = toCached(answer.token, answer.expires);
    tokens.set(this.key, cached);
    logProxy('info', 'npm login', { url: baseUrl, user: email });
    return cached;
  }
}
