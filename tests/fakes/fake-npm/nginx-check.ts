/**
 * Stands in for `nginx -t` on a host's advanced_config. It catches what a
 * test needs to provoke: unbalanced braces, and one directive this fake
 * declares unknown (`fake_npm_unknown_directive`) so tests can break a
 * config on purpose without guessing at nginx's full grammar.
 */
export const UNKNOWN_DIRECTIVE = 'fake_npm_unknown_directive';

export function checkNginxConfig(hostId: number, advancedConfig: string): string | null {
  const file = `/data/nginx/proxy_host/${hostId}.conf`;
  let depth = 0;
  const lines = advancedConfig.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, '');
    const directive = /^\s*([A-Za-z_]+)/.exec(line)?.[1];
    if (directive === UNKNOWN_DIRECTIVE) {
      return `nginx: [emerg] unknown directive "${directive}" in ${file}:${i + 40}\nnginx: configuration file /etc/nginx/nginx.conf test failed`;
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
