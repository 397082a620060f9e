import 'server-only';
import { getSettings } from '../settings/store';

/**
 * How long a stack may take to become healthy (setting `health_timeout_seconds`) before the
 * deploy, start, restore, move, upgrade, rollback or layout migration waiting for it fails and
 * undoes what it did. Read when the wait begins, so a changed setting applies to the next job.
 */
export async function healthTimeoutMs(): Promise<number> {
  return (await getSettings()).health_timeout_seconds * 1000;
}
