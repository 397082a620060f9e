/**
 * Sends one test message on each channel given (ids as a JSON array) through the appliance's own
 * dispatcher, in a process of its own: started with NODE_EXTRA_CA_CERTS, as an operator trusts a
 * private mail CA, which a running process cannot take on. Prints each delivery's outcome as JSON.
 */
import { z } from 'zod';
import { allowServerModules } from '../../bench/lib/server-modules';

allowServerModules();
const { SYSTEM_ACTOR } = await import('../../lib/auth/actor');
const { db } = await import('../../lib/db');
const { startDispatcher, stopDispatcher } = await import('../../lib/notifications/dispatcher');
const { testChannel } = await import('../../lib/notifications/test-channel');

const ids = z.array(z.string()).parse(JSON.parse(process.argv[2] ?? '[]'));
await startDispatcher();
const deliveries = await Promise.all(ids.map(async (id) => (await testChannel(SYSTEM_ACTOR, id)).delivery_id));
const deadline = Date.now() + 60_000;
for (;;) {
  const rows = await db().notificationDelivery.findMany({ where: { id: { in: deliveries } } });
  if (rows.length === deliveries.length && rows.every((r) => r.attempts >= 1)) {
    const out = ids.map((channelId, i) => {
      const row = rows.find((r) => r.id === deliveries[i]);
      return { channelId, state: row?.state ?? 'missing', lastError: row?.lastError ?? null, lastStatus: row?.lastStatus ?? null };
    });
    process.stdout.write(`${JSON.stringify(out)}\n`);
    break;
  }
  if (Date.now() > deadline) throw new Error('deliveries not attempted within 60 s');
  await new Promise((r) => setTimeout(r, 100));
}
stopDispatcher();
process.exit(0);
