import { afterEach, beforeEach } from 'vitest';
import { GRPC_PATH_PATTERN } from '@/lib/proxy/advanced-config';
import { clearCertificateBackoff } from '@/lib/proxy/cert-backoff';
import { setProxyLogSink } from '@/lib/proxy/log';
import { clearNpmTokenCache } from '@/lib/proxy/session';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import { startFakeNpm, type FakeNpm } from '../fakes/fake-npm';

export const NPM_EMAIL = 'automation@example.com';
export const NPM_PASSWORD = 'Sup3r-Secret-NPM-Passw0rd';
export const BASE_DOMAIN = 'msp.example.com';

export interface NpmFixture {
  fake: FakeNpm;
  settings: Settings;
  /** Every line the client logged during the test, as text. */
  logs: string[];
}

export function npmSettings(url: string, overrides: Partial<Settings> = {}): Settings {
  return {
    ...defaultSettings(),
    base_domain: BASE_DOMAIN,
    npm_api_url: url,
    npm_api_email: NPM_EMAIL,
    npm_api_password: NPM_PASSWORD,
    ssl_mode: 'letsencrypt',
    ...overrides,
  };
}

/** A fresh fake NPM per test, a clean token cache and back-off memory, and captured client logs. */
export function useFakeNpm(): NpmFixture {
  const fixture = { logs: [] as string[] } as NpmFixture;
  beforeEach(async () => {
    clearNpmTokenCache();
    clearCertificateBackoff();
    fixture.logs.length = 0;
    setProxyLogSink((level, msg, fields) => fixture.logs.push(`${level} ${msg} ${JSON.stringify(fields)}`));
    fixture.fake = await startFakeNpm({ email: NPM_EMAIL, password: NPM_PASSWORD });
    fixture.settings = npmSettings(fixture.fake.url);
  });
  afterEach(async () => {
    setProxyLogSink(undefined);
    await fixture.fake.stop();
  });
  return fixture;
}

/** Runs a promise that must reject and returns its error. */
export async function failureOf(promise: Promise<unknown>): Promise<Error & { code?: string; details?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the operation to fail');
}

/** The advanced config releases before the ownership marker wrote (literal gRPC upstream). */
export function legacyConfig(forwardHost: string, forwardPort: number): string {
  return `client_header_timeout 1d;\nclient_body_timeout 1d;\n\nlocation ~ ${GRPC_PATH_PATTERN} {\n    grpc_pass grpc://${forwardHost}:${forwardPort};\n    grpc_read_timeout 1d;\n    grpc_send_timeout 1d;\n    grpc_socket_keepalive on;\n}`;
}
