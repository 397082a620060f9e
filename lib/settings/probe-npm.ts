import 'server-only';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { isAppError } from '../errors';
import { listCertificates, type CertificateSummary } from '../proxy/certificates';
import { testConnection, type NpmConnectionResult } from '../proxy/test-connection';
import type { Settings } from './schema';
import { settingsWithDraft, type NpmDraft } from './npm-draft';

/** The NPM a probe talked to, for the audit trail: scheme, host and port, never credentials. */
function target(url: string): string {
  try {
    const u = new URL(url);
    return `npm:${u.protocol}//${u.host}`;
  } catch {
    return 'npm:(no valid url)';
  }
}

/**
 * Every request that makes the appliance contact a URL an admin typed (with
 * credentials) is a POST and leaves an audit row, whether it worked or not.
 */
async function audited<T>(actor: Actor, action: string, draft: NpmDraft, run: (settings: Settings) => Promise<T>, ok: (result: T) => boolean): Promise<T> {
  let url = draft.npm_api_url ?? '';
  try {
    const settings = await settingsWithDraft(draft);
    url = settings.npm_api_url;
    const result = await run(settings);
    await recordAudit(actor, { action, target: target(url), success: ok(result) });
    return result;
  } catch (err) {
    await recordAudit(actor, { action, target: target(url), success: false, details: { error: isAppError(err) ? err.code : 'INTERNAL' } });
    throw err;
  }
}

export function testNpmDraft(actor: Actor, draft: NpmDraft): Promise<NpmConnectionResult> {
  return audited(actor, 'settings.npm_test', draft, testConnection, (r) => r.ok);
}

export async function listNpmDraftCertificates(actor: Actor, draft: NpmDraft): Promise<{ items: CertificateSummary[] }> {
  return { items: await audited(actor, 'settings.npm_certificates', draft, listCertificates, () => true) };
}
