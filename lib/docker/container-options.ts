import type Docker from 'dockerode';
import type { ContainerSpec } from './types';

/** The engine's create options for one container spec. Pure, so it is unit-tested. */
export function containerCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports) {
    const key = `${p.container}/${p.protocol}`;
    exposed[key] = {};
    bindings[key] = (p.hostIps?.length ? p.hostIps : ['']).map((ip) => ({ HostIp: ip, HostPort: String(p.host) }));
  }
  const [primary] = spec.networks;
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: spec.cmd,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    ExposedPorts: exposed,
    HostConfig: {
      Binds: spec.binds.map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`),
      PortBindings: bindings,
      RestartPolicy: { Name: 'unless-stopped' },
      // An init process forwards SIGTERM and reaps children, so stops are prompt.
      Init: true,
      Memory: spec.memoryLimitBytes,
      NetworkMode: primary,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
    },
    NetworkingConfig: {
      // The engine (API < 1.44) accepts a single network at create; others are joined afterwards.
      // The name is an alias too: a container renamed aside during a redeploy (lib/docker/swap-stack)
      // keeps answering to it, so Caddy, which addresses its upstreams by name, still reaches them.
      EndpointsConfig: { [primary]: { Aliases: [spec.service, spec.name] } },
    },
  };
}
