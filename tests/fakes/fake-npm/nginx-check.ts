/**
 * Stands in for `nginx -t`. It catches what a test needs to provoke:
 * unbalanced braces, literal upstreams (`grpc_pass`/`proxy_pass`) whose host
 * name does not resolve, variables used without a `set`, and one directive
 * this fake declares unknown (`fake_npm_unknown_directive`) so tests can break
 * a config on purpose without guessing at nginx's full grammar.
 *
 * Like nginx, a test covers every config file at once (`checkAllConfigs`):
 * one host's broken file fails the test for every other host's write.
 */
export const UNKNOWN_DIRECTIVE = 'fake_npm_unknown_directive';

/** Variables nginx or NPM's generated server block define; anything else must be `set` first. */
const BUILTIN_VARIABLES = new Set(['host', 'scheme', 'request_uri', 'uri', 'remote_addr', 'http_upgrade', 'http_connection', 'proxy_add_x_forwarded_for', 'server', 'port', 'forward_scheme', 'connection_upgrade']);

function failure(message: string, file: string, line: number): string {
  return `nginx: [emerg] ${message} in ${file}:${line}\nnginx: configuration file /etc/nginx/nginx.conf test failed`;
}

/** What the fake's nginx knows about the world: names DNS cannot resolve, directives this nginx build lacks. */
export interface NginxWorld {
  unresolvable: ReadonlySet<string>;
  unknownDirectives: ReadonlySet<string>;
}

export function checkNginxConfig(hostId: number, advancedConfig: string, world: NginxWorld): string | null {
  const { unresolvable, unknownDirectives } = world;
  const file = `/data/nginx/proxy_host/${hostId}.conf`;
  let depth = 0;
  const lines = advancedConfig.split('\n');
  const defined = new Set<string>();
  for (const line of lines) {
    const set = /^\s*set\s+\$(\w+)\s/.exec(line.replace(/#.*$/, ''));
    if (set) defined.add(set[1]);
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, '');
    const at = i + 40;
    const directive = /^\s*([A-Za-z_]+)/.exec(line)?.[1];
    if (directive && (directive === UNKNOWN_DIRECTIVE || unknownDirectives.has(directive))) return failure(`unknown directive "${directive}"`, file, at);
    // nginx resolves a literal upstream host at `nginx -t` (and at start); a variable is resolved per request.
    // (nginx 1.22 names only the host for grpc_pass, host:port for proxy_pass.)
    const upstream = /(grpc_pass|proxy_pass)\s+(?:grpcs?|https?):\/\/([^:;/\s$]+)(:\d+)?/.exec(line);
    if (upstream && unresolvable.has(upstream[2])) {
      return failure(`host not found in upstream "${upstream[2]}${upstream[1] === 'proxy_pass' ? (upstream[3] ?? '') : ''}"`, file, at);
    }
    for (const used of line.matchAll(/\$(\w+)/g)) {
      if (directive !== 'set' && !defined.has(used[1]) && !BUILTIN_VARIABLES.has(used[1]) && !/^(http|arg|cookie|sent_http)_/.test(used[1])) {
        return failure(`unknown "${used[1]}" variable`, file, at);
      }
    }
    for (const ch of line) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      if (depth < 0) return failure('unexpected "}"', file, at);
    }
  }
  if (depth > 0) return failure('unexpected end of file, expecting "}"', file, lines.length + 40);
  return null;
}

/** `nginx -t` over every config file on disk: the first error, or null. */
export function checkAllConfigs(files: ReadonlyMap<number, string>, world: NginxWorld): string | null {
  for (const [hostId, config] of files) {
    const err = checkNginxConfig(hostId, config, world);
    if (err) return err;
  }
  return null;
}
