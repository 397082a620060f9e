import { AppError } from '../errors';
import type { Settings } from '../settings/schema';
import { apiBase } from './http';

export interface NpmConfig {
  /** Base of the API, ending in `/api`. */
  baseUrl: string;
  email: string;
  password: string;
}

/** True when URL, email and password are all set; the deploy skips the proxy step (with a warning) otherwise. */
export function isNpmConfigured(settings: Settings): boolean {
  return Boolean(settings.npm_api_url && settings.npm_api_email && settings.npm_api_password);
}

export function readNpmConfig(settings: Settings): NpmConfig {
  if (!isNpmConfigured(settings)) {
    const missing = (['npm_api_url', 'npm_api_email', 'npm_api_password'] as const).filter((k) => !settings[k]);
    throw new AppError(
      'NPM_NOT_CONFIGURED',
      `Nginx Proxy Manager is not configured (missing: ${missing.join(', ')}). Set the NPM URL and an automation user's email and password in Settings.`,
    );
  }
  return { baseUrl: apiBase(settings.npm_api_url), email: settings.npm_api_email, password: settings.npm_api_password };
}
