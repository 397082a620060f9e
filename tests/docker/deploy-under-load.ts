import { dockerClient } from '../../lib/docker/client';
import { deployStack } from '../../lib/netbird/deploy-stack';

/**
 * A deploy for a test on the shared engine. The proxy network is made first without the
 * appliance's 15 s bound on one engine call (a busy engine takes that long to create a bridge),
 * and a deploy that hit that bound is run again: deploys are idempotent.
 */
export async function deployUnderLoad(customerId: string, proxyNetwork: string): Promise<void> {
  await dockerClient()
    .createNetwork({ Name: proxyNetwork, Driver: 'bridge', CheckDuplicate: true })
    .catch((err: unknown) => {
      if (!(err instanceof Error && /already exists|409/.test(err.message))) throw err;
    });
  for (let attempt = 1; ; attempt++) {
    try {
      await deployStack(customerId, { healthTimeoutMs: 90_000 });
      return;
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error && /did not answer within/.test(err.message))) throw err;
    }
  }
}
