import path from 'node:path';
import { AppError } from '../errors';
import { LABEL_CUSTOMER, LABEL_SERVICE, LABEL_SUBDOMAIN } from '../docker/labels';
import type { ContainerSpec, StackSpec } from '../docker/types';
import type { Settings } from '../settings/schema';
import { buildTemplateContext, type TemplateContext } from './template-context';
import { tenantContainerName, tenantDomain, tenantNetworkName } from '../tenants/names';

export const SERVICES = ['management', 'signal', 'relay', 'dashboard', 'caddy'] as const;
export type Service = (typeof SERVICES)[number];

export type StackSettings = Pick<
  Settings,
  | 'base_domain'
  | 'netbird_management_image'
  | 'netbird_signal_image'
  | 'netbird_relay_image'
  | 'netbird_dashboard_image'
  | 'caddy_image'
  | 'container_memory_limit_mb'
  | 'docker_subnet_pool'
>;

export interface StackInput {
  customer: { id: string; subdomain: string };
  deployment: { dashboardPort: number; relayPort: number };
  secrets: { encryptionKey: string; relaySecret: string };
  settings: StackSettings;
  /** DATA_DIR in force (effectiveDataDir); the tenant's files live in <dataRoot>/<subdomain>. */
  dataRoot: string;
  /** The shared proxy network (effectiveDockerNetwork). */
  proxyNetwork: string;
}

/** One tenant's whole stack: what lib/docker runs plus what the templates render. */
export interface TenantStackSpec extends StackSpec {
  domain: string;
  publicUrl: string;
  tenantDir: string;
  dashboardPort: number;
  relayPort: number;
  images: Record<Service, string>;
  template: TemplateContext;
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
  const images: Record<Service, string> = {
    management: settings.netbird_management_image,
    signal: settings.netbird_signal_image,
    relay: settings.netbird_relay_image,
    dashboard: settings.netbird_dashboard_image,
    caddy: settings.caddy_image,
  };
  const memory = settings.container_memory_limit_mb * 1024 * 1024;

  const container = (service: Service, rest: Partial<ContainerSpec>): ContainerSpec => ({
    service,
    name: containerName(sub, service),
    image: images[service],
    env: {},
    labels: { [LABEL_CUSTOMER]: customer.id, [LABEL_SUBDOMAIN]: sub, [LABEL_SERVICE]: service },
    binds: [],
    ports: [],
    networks: [network],
    memoryLimitBytes: memory,
    phase: 0,
    ...rest,
  });

  const containers = [
    container('management', {
      cmd: ctx.managementCommand,
      env: ctx.managementEnv,
      binds: [
        { source: path.join(tenantDir, 'management.json'), target: '/etc/netbird/management.json', readOnly: true },
        { source: path.join(dataDir, 'management'), target: '/var/lib/netbird' },
      ],
    }),
    container('signal', { binds: [{ source: path.join(dataDir, 'signal'), target: '/var/lib/netbird' }] }),
    container('relay', { env: ctx.relayEnv, ports: [{ container: deployment.relayPort, host: deployment.relayPort, protocol: 'udp' }] }),
    container('dashboard', { env: ctx.dashboardEnv }),
    container('caddy', {
      phase: 1,
      networks: [network, input.proxyNetwork],
      ports: [{ container: 80, host: deployment.dashboardPort, protocol: 'tcp' }],
      binds: [
        { source: path.join(tenantDir, 'Caddyfile'), target: '/etc/caddy/Caddyfile', readOnly: true },
        { source: path.join(dataDir, 'caddy'), target: '/data' },
        { source: path.join(dataDir, 'caddy-config'), target: '/config' },
      ],
    }),
  ];

  return {
    customerId: customer.id,
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
    images,
    template: ctx,
  };
}

/** Directories under DATA_DIR/<sub>/data that the containers mount. */
export function dataMountDirs(spec: TenantStackSpec): string[] {
  const root = path.join(spec.tenantDir, 'data');
  return spec.containers.flatMap((c) => c.binds.map((b) => b.source)).filter((s) => s.startsWith(root + path.sep));
}
