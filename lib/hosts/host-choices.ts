import 'server-only';
import { listHosts } from './manage-hosts';
import type { HostShownState } from './schemas';

/** What the customer pages show of a host: no endpoint, no key material, no facts. */
export interface HostChoice {
  id: string;
  name: string;
  state: HostShownState;
}

/**
 * The hosts a customer page offers (the New-customer form's host select, the list's host column
 * and filter). Empty while the local host is the only one: then nothing about hosts is shown.
 */
export async function listHostChoices(): Promise<HostChoice[]> {
  const hosts = await listHosts();
  if (hosts.length < 2) return [];
  return hosts.map((h) => ({ id: h.id, name: h.name, state: h.state }));
}
