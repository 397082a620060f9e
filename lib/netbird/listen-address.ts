import type { Settings } from '../settings/schema';

export interface ListenAddresses {
  /** Host addresses Caddy's published port binds to; [''] means every interface. */
  addresses: string[];
  /** True when a forward host is a name, which cannot be bound: the port listens everywhere. */
  everyInterface: boolean;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function isIpLiteral(value: string): boolean {
  if (IPV4.test(value)) return true;
  if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return false;
  try {
    return new URL(`http://[${value}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/**
 * Where a tenant's plain-HTTP entry (Caddy's published port, no TLS) listens on the host. Only
 * the addresses something must reach it on: the appliance itself at HOST_IP (health checks, owner
 * setup) and, in `host_port` forward mode, the address NPM forwards to. In `container` mode NPM
 * reaches Caddy over the Docker network and needs no host port. A host name cannot be bound, so
 * then the port listens on every interface and Settings says so.
 * Pure: the Settings page shows the same answer the stack uses.
 */
export function tenantListenAddresses(settings: Pick<Settings, 'npm_forward_mode' | 'npm_forward_host'>, hostIp: string): ListenAddresses {
  const wanted = [hostIp];
  if (settings.npm_forward_mode === 'host_port') wanted.push(settings.npm_forward_host || hostIp);
  const unique = [...new Set(wanted.map((a) => a.trim()).filter(Boolean))];
  if (!unique.length || unique.some((a) => !isIpLiteral(a))) return { addresses: [''], everyInterface: true };
  return { addresses: unique, everyInterface: false };
}

/** Another host's tenants listen on the one address the appliance and NPM reach that host on (every interface for a name). */
export function hostListenAddresses(forwardAddress: string): string[] {
  const a = forwardAddress.trim();
  return a && isIpLiteral(a) ? [a] : [''];
}
