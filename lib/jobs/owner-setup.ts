import 'server-only';
import { generatePassword } from '../auth/password';
import { decryptSecret, encryptSecret } from '../crypto';
import { db } from '../db';
import { AppError, isAppError } from '../errors';
import { tenantBaseUrl } from '../health/stack-health';
import type { TenantStackSpec } from '../netbird/stack-spec';
import { getInstance, setupOwner } from '../netbird/tenant-client';
import type { Settings } from '../settings/schema';
import { ensureServiceToken, SERVICE_USER_NAME } from '../insight/service-token';

/**
 * Creates the tenant's owner through NetBird's setup API right after the stack is
 * healthy, so the first-come setup URL is never left open (setup mode `appliance`).
 * In `customer` mode the setup URL is handed out instead. Returns the step message.
 * After every deploy and redeploy it checks that NetBird agrees: an owner recorded here while
 * NetBird offers its setup means the stack runs on other data (e.g. another directory), and
 * anyone could claim it; that fails the step (TENANT_SETUP_OPEN) instead of passing quietly.
 */
export async function ensureTenantOwner(spec: TenantStackSpec, customer: { id: string; name: string; email: string }, settings: Settings): Promise<string | { skipped: string }> {
  const setupUrl = `${spec.publicUrl}/setup`;
  const deployment = await db().deployment.findUniqueOrThrow({ where: { customerId: customer.id } });
  await db().deployment.update({ where: { customerId: customer.id }, data: { setupUrl } });
  if (settings.netbird_setup_mode === 'customer') return { skipped: `Setup left to the customer: ${setupUrl}` };
  const base = tenantBaseUrl(spec);
  const outcome = deployment.ownerPassword ? { skipped: 'Owner account exists already; credentials unchanged' } : await createOwner(base, customer);
  await assertSetupClosed(base);
  return typeof outcome === 'string' ? `${outcome}${await serviceTokenNote(customer.id)}` : outcome;
}

/**
 * Right after the owner: the appliance's own service user and token (lib/insight/service-token),
 * so later reads never depend on the owner's token. A failure does not fail the deploy: the
 * background gatherer tries again on its next round and shows why until it succeeds.
 */
async function serviceTokenNote(customerId: string): Promise<string> {
  const d = await db().deployment.findUniqueOrThrow({ where: { customerId }, select: { ownerToken: true } });
  if (!d.ownerToken) return '';
  try {
    const { token } = await ensureServiceToken(customerId);
    return `; service user ${SERVICE_USER_NAME} with a token until ${token.expiresAt.toISOString().slice(0, 10)}`;
  } catch (err) {
    return `; service user not created yet (${err instanceof Error ? err.message : String(err)})`;
  }
}

async function createOwner(base: string, customer: { id: string; name: string; email: string }): Promise<string | { skipped: string }> {
  const instance = await getInstance(base);
  if (!instance.setup_required) return { skipped: 'NetBird reports an owner already; credentials were not created by the appliance' };
  const password = generatePassword(24);
  try {
    const result = await setupOwner(base, { email: customer.email, password, name: customer.name, create_pat: true, pat_expire_in: 365 });
    await db().deployment.update({
      where: { customerId: customer.id },
      data: {
        ownerEmail: result.email,
        ownerPassword: encryptSecret(password),
        ownerToken: result.personal_access_token ? encryptSecret(result.personal_access_token) : null,
      },
    });
    return `Owner ${result.email} created${result.personal_access_token ? ' with an API token' : ''}`;
  } catch (err) {
    if (isAppError(err, 'TENANT_OWNER_EXISTS')) return { skipped: 'Someone completed the setup first; credentials were not created by the appliance' };
    throw err;
  }
}

async function assertSetupClosed(base: string): Promise<void> {
  const instance = await getInstance(base);
  if (instance.setup_required) {
    throw new AppError(
      'TENANT_SETUP_OPEN',
      'NetBird still offers its owner setup to anyone although the appliance set this tenant up: it runs on other data than before (check the data directory). The tenant was stopped.',
    );
  }
}

export interface OwnerCredentials {
  email: string | null;
  password: string | null;
  setup_url: string | null;
  has_api_token: boolean;
}

export async function readOwnerCredentials(customerId: string): Promise<OwnerCredentials> {
  const d = await db().deployment.findUnique({ where: { customerId } });
  return {
    email: d?.ownerEmail ?? null,
    password: d?.ownerPassword ? decryptSecret(d.ownerPassword) : null,
    setup_url: d?.setupUrl ?? null,
    has_api_token: Boolean(d?.ownerToken),
  };
}
