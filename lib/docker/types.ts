import type Docker from 'dockerode';

/** What lib/docker needs to run one tenant's stack; lib/netbird builds it. */
export interface BindMount {
  source: string;
  target: string;
  readOnly?: boolean;
}

export interface PublishedPort {
  container: number;
  host: number;
  protocol: 'tcp' | 'udp';
  /** Host addresses to listen on; absent or [''] = every interface. */
  hostIps?: string[];
}

export interface ContainerSpec {
  service: string;
  name: string;
  image: string;
  /** Arguments after the image's entrypoint; undefined keeps the image's CMD. */
  cmd?: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
  binds: BindMount[];
  ports: PublishedPort[];
  /** The tenant network first; further networks (the proxy network) are joined after create. */
  networks: string[];
  /** 0 = no limit. */
  memoryLimitBytes: number;
  /** Start order: every container of phase 0 starts (concurrently) before phase 1. */
  phase: 0 | 1;
}

export interface StackSpec {
  customerId: string;
  subdomain: string;
  /** The tenant's own network. */
  network: string;
  /** The IPv4 range (CIDR) the tenant network's /28 is taken from when it is created. */
  subnetPool: string;
  /** The shared network the reverse proxy reaches Caddy on. */
  proxyNetwork: string;
  containers: ContainerSpec[];
}

/**
 * A Docker Engine the appliance acts on. Every Docker operation takes the engine it works
 * against, so a second host is one more handle here rather than a change in every caller.
 * Today there is one: the local engine (DOCKER_HOST or the default socket, or the test
 * override of lib/docker/client).
 */
export interface Engine {
  /** Stable id: `local` for the appliance's own engine; a host's id once hosts exist. */
  readonly id: string;
  /** The dockerode client for this engine (created lazily, reused). */
  docker(): Docker;
  /** Where the engine is, for messages: `unix:///var/run/docker.sock`, `tcp://…`. */
  describe(): string;
  /**
   * Drops the client and its connection, so the next call connects afresh (remote engines: a
   * host that stopped answering may hold a dead SSH connection for its keepalive time).
   */
  reset?(): void;
}
