import net from 'node:net';
import { readPeerAddress } from './peer-address';

/**
 * The client's address. The socket's peer is the client, unless the peer is a proxy listed in
 * the `trusted_proxies` setting: then X-Forwarded-For is walked from the right (each proxy
 * appends what it saw) and the first address that is not itself a trusted proxy is the client.
 * Anything left of it is whatever the client claimed and is never believed.
 */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, realIp: string | null, trustedProxies: readonly string[]): string {
  const socket = normalise(peer);
  if (!socket) return 'unknown';
  if (!trustedProxies.length) return socket;
  const trusted = trustList(trustedProxies);
  if (!isTrusted(trusted, socket)) return socket;
  const hops = (forwardedFor ?? realIp ?? '').split(',').map((h) => normalise(h.trim()));
  let client = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    // A hop that is not an address means the chain cannot be trusted beyond this point.
    if (!hop) break;
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}

/** An address in canonical text (IPv4-mapped IPv6 as IPv4), or null when it is not one. */
function normalise(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v);
  const address = mapped ? mapped[1] : v;
  return net.isIP(address) ? address.toLowerCase() : null;
}

const lists = new Map<string, net.BlockList>();

function trustList(entries: readonly string[]): net.BlockList {
  const key = entries.join(',');
  let list = lists.get(key);
  if (!list) {
    list = new net.BlockList();
    for (const entry of entries) {
      const [address, bits] = entry.split('/');
      const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    if (lists.size > 20) lists.clear();
    lists.set(key, list);
  }
  return list;
}

function isTrusted(list: net.BlockList, address: string): boolean {
  return list.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
}

/** The client address of a request, from the socket the server recorded and the trusted proxies in force. */
export async function clientAddressFromHeaders(headers: Headers): Promise<string> {
  const { getSettings } = await import('../settings/store');
  const trusted = await getSettings()
    .then((s) => s.trusted_proxies)
    .catch((): string[] => []);
  return resolveClientAddress(readPeerAddress(headers), headers.get('x-forwarded-for'), headers.get('x-real-ip'), trusted);
}
