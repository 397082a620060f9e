import 'server-only';
import { generatePassword } from '../auth/password';
import { decryptSecret, encryptSecret } from '../crypto';
import { db } from '../db';
import { isAppError } from '../errors';
import { tenantBaseUrl } from '../health/stack-health';
import type { TenantStackSpec } from '../netbird/stack-spec';
import { getInstance, setupOwner } from '../netbird/tenant-client';
import type { Settings } from '../settings/schema';

/**
 * Creates the tenant's owner through NetBird's setup API right after the stack is
 * healthy, so the first-come setup URL is never left open (setup mode `appliance`).
 * In `customer` mode the setup URL is handed out instead. Returns the step message.
 */
export async function ensureTenantOwner(spec: TenantStackSpec, customer: { id: string; name: string; email: string }, settings: Settings): Promise<string | { skipped: string }> {
  const setupUrl = `${spec.publicUrl}/setup`;
  const deployment = await db().deployment.findUniqueOrThrow({ where: { customerId: customer.id } });
  await db().deployment.update({ where: { customerId: customer.id }, data: { setupUrl } });
  if (settings.netbird_setup_mode === 'customer') return { skipped: `Setup left to the customer: ${setupUrl}` };
  if (deployment.ownerPassword) return { skipped: 'Owner account exists already; credentials unchanged' };

  const base = tenantBaseUrl(spec);
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
