import { z } from 'zod';
import { AppError } from '../errors';
import type { Settings } from '../settings/schema';
import { activeBackoff, recordCertificateFailure, recordCertificateSuccess } from './cert-backoff';
import { NpmVendorError, parseNpm } from './http';
import { logProxy } from './log';
import { isItemNotFound, toNpmAppError } from './map-error';
import { redactSecrets } from './redact';
import { certificateSchema, deletedSchema, type NpmCertificate } from './schemas';
import { NpmSession } from './session';
import { fieldOf } from '../caught';

/** certbot runs synchronously inside the request (10–60 s against Let's Encrypt). */
const CERTIFICATE_TIMEOUT_MS = 180_000;

export interface CertificateSummary {
  id: number;
  nice_name: string;
  domain_names: string[];
  expires_on: string | null;
  provider: string;
}

export function fetchCertificates(session: NpmSession): Promise<NpmCertificate[]> {
  return session.request({ method: 'GET', path: '/nginx/certificates' }, z.array(certificateSchema), 'the certificate list');
}

/** Every certificate in NPM, for the Settings page's wildcard picker. */
export async function listCertificates(settings: Settings): Promise<CertificateSummary[]> {
  const certs = await fetchCertificates(NpmSession.fromSettings(settings));
  return certs.map((c) => ({ id: c.id, nice_name: c.nice_name, domain_names: c.domain_names, expires_on: c.expires_on ?? null, provider: c.provider }));
}

function certbotLines(debug: unknown): string[] {
  const stack = fieldOf(debug, 'stack');
  const lines = Array.isArray(stack) ? stack.map(String) : typeof stack === 'string' ? stack.split('\n') : [];
  return lines.map((l) => l.trim()).filter(Boolean);
}

/**
 * The reason certbot gave: the line after "An unexpected error occurred:"
 * (the last line is only certbot's "Ask for help…" footer).
 */
export function certbotCause(debug: unknown): string | null {
  const lines = certbotLines(debug);
  const marker = lines.findIndex((l) => /an unexpected error occurred:?$/i.test(l));
  const cause = marker >= 0 ? lines[marker + 1] : lines.find((l) => !/^(Error: )?Saving debug log|^Ask for help/i.test(l));
  return cause ? redactSecrets(cause.slice(0, 400)) : null;
}

function backoffError(domain: string, retryAt: number, failures: number, reason: string): AppError {
  const when = new Date(retryAt).toISOString();
  const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
  return new AppError(
    'NPM_CERTIFICATE_BACKOFF',
    `The Let's Encrypt certificate for ${domain} failed ${failures} time(s) recently (${reason}). To stay clear of Let's Encrypt's rate limits it will not be requested again before ${when}. Meanwhile check that ${domain} resolves to NPM's public address and that port 80 reaches NPM.`,
    { domain, retryAt: when, failures },
    { 'Retry-After': String(seconds) },
  );
}

/** Asks NPM for a Let's Encrypt certificate for one name; failures start or extend a back-off window. */
export async function requestCertificate(session: NpmSession, domain: string): Promise<NpmCertificate> {
  const pending = activeBackoff(domain);
  if (pending) throw backoffError(domain, pending.retryAt, pending.failures, pending.reason);
  logProxy('info', 'requesting certificate', { domain });
  try {
    const data = await session.requestRaw({
      method: 'POST',
      path: '/nginx/certificates',
      // No letsencrypt_email/agree: NPM ≥ 2.13 rejects them and uses the NPM user's email.
      body: { provider: 'letsencrypt', domain_names: [domain], meta: {} },
      timeoutMs: CERTIFICATE_TIMEOUT_MS,
    });
    const cert = parseNpm(certificateSchema, data, 'the new certificate');
    recordCertificateSuccess(domain);
    return cert;
  } catch (err) {
    if (!(err instanceof NpmVendorError) || err.status < 500) throw toNpmAppError(err);
    const output = certbotCause(err.debug) ?? '';
    const entry = recordCertificateFailure(domain, output || err.npmMessage);
    logProxy('warn', 'certificate request failed', { domain, failures: entry.failures, retryAt: new Date(entry.retryAt).toISOString() });
    throw new AppError(
      'NPM_CERTIFICATE_FAILED',
      `NPM could not obtain a Let's Encrypt certificate for ${domain} (${err.status} ${err.npmMessage}${output ? `; certbot: ${output}` : ''}). Check that ${domain} resolves to NPM's public address and that port 80 reaches NPM. The appliance will not ask again before ${new Date(entry.retryAt).toISOString()} to respect Let's Encrypt's rate limits.`,
      { domain, retryAt: new Date(entry.retryAt).toISOString(), certbot: output },
    );
  }
}

/** Deletes a certificate; one that is already gone counts as deleted. */
export async function deleteCertificate(session: NpmSession, id: number): Promise<void> {
  try {
    parseNpm(deletedSchema, await session.requestRaw({ method: 'DELETE', path: `/nginx/certificates/${id}` }), 'a certificate delete');
    logProxy('info', 'certificate deleted', { certificateId: id });
  } catch (err) {
    if (isItemNotFound(err)) return;
    throw toNpmAppError(err);
  }
}
