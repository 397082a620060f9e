/**
 * The appliance's plan runner in a process of its own, for the crash test: creates the plan
 * given as JSON and keeps running it until the test kills this process with SIGKILL.
 */
import { allowServerModules } from '../../bench/lib/server-modules';

allowServerModules();
const { SYSTEM_ACTOR } = await import('../../lib/auth/actor');
const { createPlan } = await import('../../lib/fleet/create-plan');
const { planSchema } = await import('../../lib/fleet/plan-schema');
const plan = await createPlan(SYSTEM_ACTOR, planSchema.parse(JSON.parse(process.argv[2] ?? '{}')));
process.stdout.write(`${JSON.stringify({ plan: 'id' in plan ? plan.id : null })}\n`);
setInterval(() => undefined, 60_000);
