import path from 'node:path';
import type { ContainerSpec } from '../docker/types';
import type { ContainerFactory } from './stack-spec';

/** Where the combined server reads its one configuration file. */
export const COMBINED_CONFIG_PATH = '/etc/netbird/config.yaml';

/**
 * NetBird since v0.65: one netbird-server container (management, signal, relay, STUN) beside
 * the dashboard, behind the same Caddy as the classic layout. The server mounts the very
 * directory classic management used for /var/lib/netbird, so a migrated tenant keeps its
 * store, events and identity-provider databases where they were (NetBird's own migration
 * reuses the management volume the same way). STUN listens on the tenant's UDP port, the
 * relay's port in the classic layout, so peers keep their STUN address.
 */
export function combinedContainers(f: ContainerFactory, caddy: ContainerSpec): ContainerSpec[] {
  const { container, ctx, tenantDir, dataDir, input } = f;
  const relayPort = input.deployment.relayPort;
  return [
    container('server', input.settings.netbird_server_image, {
      cmd: ['--config', COMBINED_CONFIG_PATH],
      env: ctx.serverEnv,
      binds: [
        { source: path.join(tenantDir, 'config.yaml'), target: COMBINED_CONFIG_PATH, readOnly: true },
        { source: path.join(dataDir, 'management'), target: '/var/lib/netbird' },
      ],
      ports: [{ container: relayPort, host: relayPort, protocol: 'udp' }],
    }),
    container('dashboard', input.settings.netbird_dashboard_image, { env: ctx.dashboardEnv }),
    caddy,
  ];
}
