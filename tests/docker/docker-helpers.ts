import { dockerClient } from '../../lib/docker/client';
import { LABEL_CUSTOMER } from '../../lib/docker/labels';

/** Runs a command inside a container (exec, no shell string) and returns its exit code and output. */
export async function execIn(container: string, cmd: string[]): Promise<{ exitCode: number; output: string }> {
  const exec = await dockerClient().getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  // Strip the 8-byte multiplexing headers; the text is only read by humans and `toContain`.
  const output = Buffer.concat(chunks).toString('latin1').replace(/[\x00-\x08]/g, '');
  return { exitCode: info.ExitCode ?? -1, output };
}

/** Removes every container and network a test created for these customers. */
export async function removeByCustomer(customerIds: string[], networks: string[]): Promise<void> {
  const docker = dockerClient();
  for (const id of customerIds) {
    const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_CUSTOMER}=${id}`] } });
    await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  }
  for (const name of networks) {
    const found = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
    await Promise.all(found.map((n) => docker.getNetwork(n.Id).remove()));
  }
}

export async function containerIp(name: string, network: string): Promise<string> {
  const info = await dockerClient().getContainer(name).inspect();
  return info.NetworkSettings.Networks[network].IPAddress;
}

/** Removes a container by name or id; one that is already gone is fine. */
export async function removeContainerIfPresent(nameOrId: string): Promise<void> {
  await dockerClient()
    .getContainer(nameOrId)
    .remove({ force: true })
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
}
