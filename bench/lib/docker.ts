import Docker from 'dockerode';

const LABEL_SUBDOMAIN = 'netbird-msp.subdomain';
const HELPER_LABEL = 'netbird-msp.helper';
let client: Docker | undefined;

/** The engine the appliance uses too: DOCKER_HOST (unix:// or tcp://) or the default socket. */
export function docker(): Docker {
  if (client) return client;
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const tcp = /^tcp:\/\/([^:/]+):(\d+)/.exec(host);
  client = tcp ? new Docker({ host: tcp[1], port: Number(tcp[2]), protocol: 'http' }) : new Docker({ socketPath: host.replace(/^unix:\/\//, '') });
  return client;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function mapBounded<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A bridge network with an explicit subnet (the bench's shared proxy network). */
export async function createNetworkWithSubnet(name: string, subnet: string, labels: Record<string, string> = {}): Promise<void> {
  await docker().createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels, IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] } });
}

/**
 * Removes every container whose subdomain label starts with `bench-<runId>` (all bench runs
 * without a run id) and every network named `netbird-bench-<runId>…`. Never touches anything else.
 */
export async function removeBenchResources(runId = '', dataDir?: string): Promise<{ containers: number; networks: number }> {
  const prefix = `bench-${runId}`;
  const stacks = (await docker().listContainers({ all: true, filters: { label: [LABEL_SUBDOMAIN] } })).filter((c) =>
    (c.Labels?.[LABEL_SUBDOMAIN] ?? '').startsWith(prefix),
  );
  // The appliance's helpers (backup copiers, file writers) carry no tenant label: they are this
  // run's when they mount something below its data directory. Their copy volumes go with them.
  const helpers = dataDir
    ? (await docker().listContainers({ all: true, filters: { label: [HELPER_LABEL] } })).filter((c) => c.Mounts?.some((m) => (m.Source ?? '').startsWith(`${dataDir}/`)))
    : [];
  const containers = [...stacks, ...helpers];
  await mapBounded(containers, 8, async (c) => {
    await docker()
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch((err: { statusCode?: number; message?: string }) => {
        // 404: gone already; 409: its removal is under way already. Anything else is reported and the rest go on.
        if (err.statusCode !== 404 && err.statusCode !== 409) console.error(`could not remove container ${c.Names[0]}: ${err.message}`);
      });
  });
  const networks = (await docker().listNetworks()).filter((n) => n.Name.startsWith(`netbird-${prefix}`));
  for (const n of networks) {
    // Docker can keep a stale endpoint of a container removed mid-create; that one network is
    // reported and left, the rest of the cleanup goes on.
    await docker()
      .getNetwork(n.Id)
      .remove()
      .catch((err: { statusCode?: number; message?: string }) => {
        if (err.statusCode !== 404) console.error(`could not remove network ${n.Name}: ${err.message}`);
      });
  }
  return { containers: containers.length, networks: networks.length };
}

/** Removes one bench stack: the containers labelled with exactly this subdomain and its network. */
export async function removeBenchStack(subdomain: string): Promise<void> {
  if (!subdomain.startsWith('bench-')) throw new Error(`refusing to remove ${subdomain}: not a bench stack`);
  const containers = await docker().listContainers({ all: true, filters: { label: [`${LABEL_SUBDOMAIN}=${subdomain}`] } });
  await Promise.all(containers.map((c) => docker().getContainer(c.Id).remove({ force: true })));
  const networks = (await docker().listNetworks({ filters: { name: [`netbird-${subdomain}`] } })).filter((n) => n.Name === `netbird-${subdomain}`);
  for (const n of networks) await docker().getNetwork(n.Id).remove();
}
