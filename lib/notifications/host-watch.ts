import 'server-only';
import { readSamples } from '../monitoring/sampler';
import { getSettings } from '../settings/store';
import { raiseEvent, resolveEvent } from './raise-event';

/** Memory and disk of the appliance's own host, from the sampler's last reading (no reads of its own). */
export async function checkHost(hostLabel = 'local'): Promise<void> {
  const host = readSamples().host;
  if (!host) return;
  const s = await getSettings();
  const m = host.figures.memory;
  const memFree = m.totalBytes > 0 ? (m.availableBytes / m.totalBytes) * 100 : 100;
  if (memFree < s.alert_memory_free_percent) {
    await raiseEvent({ kind: 'host.memory_low', key: hostLabel, params: { subject: hostLabel, detail: `${memFree.toFixed(1)} % free` } });
  } else await resolveEvent('host.memory_low', hostLabel);
  for (const d of host.figures.disks) {
    const usable = d.usedBytes + d.freeBytes;
    const free = usable > 0 ? (d.freeBytes / usable) * 100 : 100;
    const key = `${hostLabel}:${d.label}`;
    if (free < s.alert_disk_free_percent) {
      await raiseEvent({ kind: 'host.disk_low', key, params: { subject: `${hostLabel} (${d.label}: ${d.path})`, detail: `${free.toFixed(1)} % free` } });
    } else await resolveEvent('host.disk_low', key);
  }
}
