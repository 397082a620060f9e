/**
 * Stands in for `nginx -t` on a host's advanced_config. It catches what a
 * test needs to provoke: unbalanced braces, gRPC upstreams marked
 * unresolvable, and one directive this fake
 * declares unknown (`fake_npm_unknown_directive`) so tests can break a
 * config on purpose without guessing at nginx's full grammar.
 */
export const UNKNOWN_DIRECTIVE = 'fake_npm_unknown_directive';

export function checkNginxConfig(hostId: number, advancedConfig: string, unresolvable: ReadonlySet<string> = new Set()): string | null {
  const file = `/data/nginx/proxy_host/${hostId}.conf`;
  let depth = 0;
  const lines = advancedConfig.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, '');
    const directive = /^\s*([A-Za-z_]+)/.exec(line)?.[1];
    if (directive === UNKNOWN_DIRECTIVE) {
      return `nginx: [emerg] unknown directive "${directive}" in ${file}:${i + 40}\nnginx: configuration file /etc/nginx/nginx.conf test failed`;
    }
    // nginx resolves grpc_pass upstreams at `nginx -t`: a container that is not up yet fails the test.
    const upstream = /grpc_pass\s+grpcs?:\/\/([^:;\s]+)(:\d+)?/.exec(line);
    if (upstream && unresolvable.has(upstream[1])) {
      return `nginx: [emerg] host not found in upstream "${upstream[1]}${upstream[2] ?? ''}" in ${file}:${i + 40}\nnginx: configuration file /etc/nginx/nginx.conf test failed`;
    }
    for (const ch of line) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      if (depth < 0) return `nginx: [emerg] unexpected "}" in ${file}:${i + 40}\nnginx: configuration file /etc/nginx/nginx.conf test failed`;
    }
  }
  if (depth > 0) return `nginx: [emerg] unexpected end of file, expecting "}" in ${file}:${lines.length + 40}\nnginx: configuration file /etc/nginx/nginx.conf test failed`;
  return null;
}
