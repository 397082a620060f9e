import type Docker from 'dockerode';
import { dockerClient } from '../../lib/docker/client';
import { tenantContainerName } from '../../lib/tenants/names';
import type { TenantStackSpec } from '../../lib/netbird/stack-spec';
import { tenantBaseUrl } from '../../lib/health/stack-health';
import { errorMessage } from '../../lib/caught';

/**
 * What the client-address headers look like when a request through a tenant's real Caddy reaches
 * NetBird. The management stand-in (classic and combined) echoes them on a test-only path;
 * production code never calls it.
 */
export interface ForwardedHeaders {
  x_forwarded_for: string;
  x_real_ip: string;
}

const PROBE_PATH = '/api/standin/forwarded';

function parseHeaders(text: string): ForwardedHeaders {
  const body = JSON.parse(text) as Partial<ForwardedHeaders>;
  if (typeof body.x_forwarded_for !== 'string' || typeof body.x_real_ip !== 'string') throw new Error(`Unexpected probe answer: ${text.slice(0, 200)}`);
  return { x_forwarded_for: body.x_forwarded_for, x_real_ip: body.x_real_ip };
}

/**
 * As NPM in `host_port` mode: through Caddy's published port, claiming `client`. The sender Caddy
 * sees is Docker's gateway on the tenant's networks, a private address, so Caddy trusts it.
 */
export async function forwardedViaPublishedPort(spec: TenantStackSpec, client: string): Promise<ForwardedHeaders> {
  const res = await fetch(`${tenantBaseUrl(spec)}${PROBE_PATH}`, { headers: { 'X-Forwarded-For': client, 'X-Real-IP': client }, signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`Probe through Caddy answered ${res.status}`);
  return parseHeaders(await res.text());
}

/** Creates an internal bridge network on a free /28 of TEST-NET-2 (198.51.100.0/24): addresses in no private range. */
async function createPublicRangeNetwork(name: string): Promise<number> {
  const offsets = Array.from({ length: 16 }, (_, i) => i * 16).sort(() => Math.random() - 0.5);
  for (const base of offsets) {
    try {
      await dockerClient().createNetwork({ Name: name, Driver: 'bridge', Internal: true, IPAM: { Config: [{ Subnet: `198.51.100.${base}/28` }] } });
      return base;
    } catch (err) {
      // Another run holds this block: try the next one.
      if (!/overlap/i.test(errorMessage(err))) throw err;
    }
  }
  throw new Error('No free /28 in 198.51.100.0/24 for the probe network');
}

/**
 * From a sender outside the private ranges, forging `forged` in both headers: a one-shot container
 * on a TEST-NET-2 network the tenant's Caddy is attached to for the probe. Returns the sender's
 * address and what NetBird received. Everything it creates is removed again.
 */
export async function forwardedFromPublicSender(spec: TenantStackSpec, image: string, forged: string, runId: string): Promise<{ sender: string; seen: ForwardedHeaders }> {
  const docker = dockerClient();
  const name = `nbfwd-${runId}-${spec.subdomain}`;
  const base = await createPublicRangeNetwork(name);
  const network = docker.getNetwork(name);
  const caddy = tenantContainerName(spec.subdomain, 'caddy');
  const sender = `198.51.100.${base + 10}`;
  let client: Docker.Container | undefined;
  try {
    await network.connect({ Container: caddy });
    const caddyIp = (await docker.getContainer(caddy).inspect()).NetworkSettings.Networks[name].IPAddress;
    client = await docker.createContainer({
      name,
      Image: image,
      // busybox's own `wget -T` crashes in the static build; `timeout` bounds it instead.
      Cmd: ['timeout', '10', 'wget', '-q', '-O-', '--header', `X-Forwarded-For: ${forged}`, '--header', `X-Real-IP: ${forged}`, `http://${caddyIp}${PROBE_PATH}`],
      // A TTY gives the plain output (no multiplexing headers in the logs).
      Tty: true,
      HostConfig: { NetworkMode: name },
      NetworkingConfig: { EndpointsConfig: { [name]: { IPAMConfig: { IPv4Address: sender } } } },
    });
    await client.start();
    // `timeout` bounds the wait.
    const { StatusCode } = (await client.wait()) as { StatusCode: number };
    // docker-modem parses an answer that is JSON (as this one is) instead of handing back the bytes.
    const raw: unknown = await client.logs({ stdout: true, stderr: true });
    const logs = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : JSON.stringify(raw);
    if (StatusCode !== 0) throw new Error(`Probe sender exited ${StatusCode}: ${logs.slice(0, 300)}`);
    return { sender, seen: parseHeaders(logs.slice(logs.indexOf('{'))) };
  } finally {
    await client?.remove({ force: true });
    await network.disconnect({ Container: caddy, Force: true }).catch((err: unknown) => {
      // Never connected (the failure came first): nothing to undo.
      if (!/is not connected/i.test(errorMessage(err))) throw err;
    });
    await network.remove();
  }
}
