/**
 * The appliance's job queue in a process of its own, for the migration crash test: queues a
 * classic → combined migration of the customer given and keeps running it until the test kills
 * this process with SIGKILL.
 */
import { allowServerModules } from '../../bench/lib/server-modules';

allowServerModules();
const { SYSTEM_ACTOR } = await import('../../lib/auth/actor');
const { enqueueJob } = await import('../../lib/jobs/enqueue-job');
const job = await enqueueJob(SYSTEM_ACTOR, process.argv[2] ?? '', 'migrate');
process.stdout.write(`${JSON.stringify({ job: job.id })}\n`);
setInterval(() => undefined, 60_000);
