import path from 'node:path';
import { AppError } from '../errors';
import { LABEL_CUSTOMER, LABEL_SERVICE, LABEL_SUBDOMAIN } from '../docker/labels';
import type { ContainerSpec, StackSpec } from '../docker/types';
import type { Settings } from '../settings/schema';
import { buildTemplateContext, type TemplateContext } from './template-context';
import { tenantContainerName, tenantDomain, tenantNetworkName } from '../tenants/names';
import type { Layout } from './layout';
import { combinedContainers } from './combined-stack';

/** Every service a tenant can have, in either layout (logs, labels, status). */
export const SERVICES = ['management', 'signal', 'relay', 'server', 'dashboard', 'caddy'] as const;
export type Service = (typeof SERVICES)[number];

export const CLASSIC_SERVICES = ['management', 'signal', 'relay', 'dashboard', 'caddy'] as const satisfies readonly Service[];
export const COMBINED_SERVICES = ['server', 'dashboard', 'caddy'] as const satisfies readonly Service[];

/** The services a layout runs. */
export function servicesOf(layout: Layout): readonly Service[] {
  return layout === 'combined' ? COMBINED_SERVICES : CLASSIC_SERVICES;
}

/** The container that serves the management API and holds /var/lib/netbird (store, events, identity provider). */
export function managementServiceOf(layout: Layout): 'management' | 'server' {
  return layout === 'combined' ? 'server' : 'management';
}

export type StackSettings = Pick<
  Settings,
  | 'base_domain'
  | 'netbird_management_image'
  | 'netbird_signal_image'
  | 'netbird_relay_image'
  | 'netbird_dashboard_image'
  | 'caddy_image'
  | 'netbird_server_image'
  | 'netbird_geolocation'
  | 'container_memory_limit_mb'
  | 'docker_subnet_pool'
>;

export interface StackInput {
  customer: { id: string; subdomain: string };
  layout: Layout;
  deployment: { dashboardPort: number; relayPort: number };
  secrets: { encryptionKey: string; relaySecret: string; sessionCookieKey: string };
  settings: StackSettings;
  /** DATA_DIR in force (effectiveDataDir); the tenant's files live in <dataRoot>/<subdomain>. */
  dataRoot: string;
  /** The shared proxy network (effectiveDockerNetwork). */
  proxyNetwork: string;
  /** Where Caddy's plain-HTTP port listens on the host (tenantListenAddresses); [''] = every interface. */
  listenAddresses: string[];
  /**
   * The Docker host the stack runs on (lib/hosts/tenant-host): the address its published ports
   * are reached on and the public address STUN announces. Absent: the appliance's own host.
   */
  host?: { id: string; entryAddress: string; stunAddress: string | null };
}

/** One tenant's whole stack: what lib/docker runs plus what the templates render. */
export interface TenantStackSpec extends StackSpec {
  layout: Layout;
  domain: string;
  publicUrl: string;
  tenantDir: string;
  dashboardPort: number;
  relayPort: number;
  /** The host the stack runs on ("local": the appliance's engine). */
  hostId: string;
  /** The address the appliance reaches Caddy's published port on; absent: HOST_IP. */
  entryAddress?: string;
  /** The images this layout runs, by service. */
  images: Partial<Record<Service, string>>;
  template: TemplateContext;
}

/** What both layouts' container lists are built from. */
export interface ContainerFactory {
  container: (service: Service, image: string, rest: Partial<ContainerSpec>) => ContainerSpec;
  ctx: TemplateContext;
  tenantDir: string;
  dataDir: string;
  network: string;
  input: StackInput;
}

const SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function containerName(subdomain: string, service: Service): string {
  return tenantContainerName(subdomain, service);
}

/** The naming rules live in lib/tenants/names; re-exported for the stack's callers. */
export { tenantDomain, tenantNetworkName };

function assertInput(input: StackInput): void {
  if (!SUBDOMAIN.test(input.customer.subdomain)) {
    throw new AppError('VALIDATION_FAILED', `Subdomain "${input.customer.subdomain}" is not a DNS label`);
  }
  if (!CUSTOMER_ID.test(input.customer.id)) throw new AppError('VALIDATION_FAILED', 'Customer id has unexpected characters');
  if (!path.isAbsolute(input.dataRoot)) throw new AppError('VALIDATION_FAILED', `Data directory ${input.dataRoot} must be absolute`);
}

export function buildStackSpec(input: StackInput): TenantStackSpec {
  assertInput(input);
  const { customer, deployment, settings } = input;
  const sub = customer.subdomain;
  const tenantDir = path.join(path.resolve(input.dataRoot), sub);
  const dataDir = path.join(tenantDir, 'data');
  const network = tenantNetworkName(sub);
  const ctx = buildTemplateContext(input, tenantDomain(sub, settings.base_domain));
  const memory = settings.container_memory_limit_mb * 1024 * 1024;

  const container = (service: Service, image: string, rest: Partial<ContainerSpec>): ContainerSpec => ({
    service,
    name: containerName(sub, service),
    image,
    env: {},
    labels: { [LABEL_CUSTOMER]: customer.id, [LABEL_SUBDOMAIN]: sub, [LABEL_SERVICE]: service },
    binds: [],
    ports: [],
    networks: [network],
    memoryLimitBytes: memory,
    phase: 0,
    ...rest,
  });
  const factory: ContainerFactory = { container, ctx, tenantDir, dataDir, network, input };
  const containers = input.layout === 'combined' ? combinedContainers(factory, caddyContainer(factory)) : classicContainers(factory);
  // cast: Object.fromEntries types its keys as string; each key is a container's service.
  const images = Object.fromEntries(containers.map((c) => [c.service, c.image])) as Partial<Record<Service, string>>;

  return {
    customerId: customer.id,
    layout: input.layout,
    subdomain: sub,
    network,
    subnetPool: settings.docker_subnet_pool,
    proxyNetwork: input.proxyNetwork,
    containers,
    domain: ctx.domain,
    publicUrl: ctx.publicUrl,
    tenantDir,
    dashboardPort: deployment.dashboardPort,
    relayPort: deployment.relayPort,
    hostId: input.host?.id ?? 'local',
    ...(input.host ? { entryAddress: input.host.entryAddress } : {}),
    images,
    template: ctx,
  };
}

/** The entry proxy both layouts share: TLS ends at NPM, Caddy routes NetBird's paths inside the tenant. */
export function caddyContainer(f: ContainerFactory): ContainerSpec {
  const { input, tenantDir, dataDir, network } = f;
  return f.container('caddy', input.settings.caddy_image, {
    phase: 1,
    networks: [network, input.proxyNetwork],
    // Plain HTTP without TLS: only on the addresses NPM and the appliance use, not on every interface.
    ports: [{ container: 80, host: input.deployment.dashboardPort, protocol: 'tcp', hostIps: input.listenAddresses }],
    binds: [
      { source: path.join(tenantDir, 'Caddyfile'), target: '/etc/caddy/Caddyfile', readOnly: true },
      { source: path.join(dataDir, 'caddy'), target: '/data' },
      { source: path.join(dataDir, 'caddy-config'), target: '/config' },
    ],
  });
}

/** NetBird up to v0.64: management, signal and relay as separate containers. */
function classicContainers(f: ContainerFactory): ContainerSpec[] {
  const { container, ctx, tenantDir, dataDir, input } = f;
  const s = input.settings;
  const relayPort = input.deployment.relayPort;
  return [
    container('management', s.netbird_management_image, {
      cmd: ctx.managementCommand,
      env: ctx.managementEnv,
      binds: [
        { source: path.join(tenantDir, 'management.json'), target: '/etc/netbird/management.json', readOnly: true },
        { source: path.join(dataDir, 'management'), target: '/var/lib/netbird' },
      ],
    }),
    container('signal', s.netbird_signal_image, { binds: [{ source: path.join(dataDir, 'signal'), target: '/var/lib/netbird' }] }),
    container('relay', s.netbird_relay_image, { env: ctx.relayEnv, ports: [{ container: relayPort, host: relayPort, protocol: 'udp' }] }),
    container('dashboard', s.netbird_dashboard_image, { env: ctx.dashboardEnv }),
    caddyContainer(f),
  ];
}

/** Directories under DATA_DIR/<sub>/data that the containers mount. */
export function dataMountDirs(spec: TenantStackSpec): string[] {
  const root = path.join(spec.tenantDir, 'data');
  return spec.containers.flatMap((c) => c.binds.map((b) => b.source)).filter((s) => s.startsWith(root + path.sep));
}
