import 'server-only';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { createHostSchema, updateHostSchema } from './schemas';

/**
 * The host schemas as the server applies them: the shared rules (lib/hosts/schemas, which the
 * browser's form uses too) plus what only node:crypto can say about TLS material. A pattern
 * cannot tell an SSH key from a certificate; a certificate and key stored unchecked fail at the
 * first connection instead of at the form, so each is parsed here and refused per field.
 */
type TlsInput = { tls_ca?: string; tls_cert?: string; tls_key?: string };

function parsed<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    // node:crypto throws TypeError/Error with an OpenSSL code for material it cannot read.
    if (err instanceof Error) return undefined;
    throw err;
  }
}

export function checkTlsMaterial(v: TlsInput, ctx: z.RefinementCtx): void {
  const issue = (path: keyof TlsInput, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (v.tls_ca !== undefined && !parsed(() => new X509Certificate(v.tls_ca ?? ''))) issue('tls_ca', 'is not a readable PEM X.509 certificate');
  const cert = v.tls_cert === undefined ? undefined : parsed(() => new X509Certificate(v.tls_cert ?? ''));
  if (v.tls_cert !== undefined && !cert) issue('tls_cert', 'is not a readable PEM X.509 certificate');
  const key: KeyObject | undefined = v.tls_key === undefined ? undefined : parsed(() => createPrivateKey(v.tls_key ?? ''));
  if (v.tls_key !== undefined && !key) issue('tls_key', 'is not a readable, unencrypted PEM private key');
  if (cert && key && !cert.checkPrivateKey(key)) issue('tls_key', 'does not belong to the client certificate (tls_cert)');
}

export const createHostInputSchema = createHostSchema.superRefine(checkTlsMaterial);
export const updateHostInputSchema = updateHostSchema.superRefine(checkTlsMaterial);
