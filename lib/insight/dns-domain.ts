import 'server-only';
import { db } from '../db';
import { ensureAccountDnsDomain } from '../netbird/insight-client';
import { PEER_DNS_DOMAIN } from '../netbird/template-context';
import { ensureServiceToken } from './service-token';

/**
 * A tenant moved from the classic layout keeps its peers' DNS names. The classic management ran
 * with --dns-domain=netbird.selfhosted; the combined server derives its DNS domain from the
 * exposed address and config.yaml has no key for it (NetBird's combined/cmd/config.go), so the
 * domain is kept as the account setting dns_domain, which NetBird prefers over the server's.
 * Recorded on the deployment first, so the insight gatherer sets it again on every round when
 * it is missing (e.g. no token at migration time, or a restore of older data).
 */
export async function keepClassicDnsDomain(customerId: string): Promise<string> {
  await db().deployment.update({ where: { customerId }, data: { keepDnsDomain: PEER_DNS_DOMAIN } });
  try {
    const { token } = await ensureServiceToken(customerId);
    const changed = await ensureAccountDnsDomain(token.base, token.token, PEER_DNS_DOMAIN);
    return `peer DNS domain ${PEER_DNS_DOMAIN} ${changed ? 'kept (account setting)' : 'already set'}`;
  } catch (err) {
    return `peer DNS domain ${PEER_DNS_DOMAIN} not set yet (${err instanceof Error ? err.message : String(err)}); the next NetBird read sets it`;
  }
}
