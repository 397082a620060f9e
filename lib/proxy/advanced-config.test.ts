import { describe, expect, it } from 'vitest';
import { GRPC_PATH_PATTERN, isLegacyAdvancedConfig, markedTenant, renderAdvancedConfig, WEBSOCKET_PATH_PATTERN } from './advanced-config';

describe('renderAdvancedConfig', () => {
  const config = renderAdvancedConfig('acme', 'netbird-acme-caddy', 80);

  it('routes both gRPC services to the forward target with day-long timeouts', () => {
    expect(config).toContain('signalexchange\\.SignalExchange');
    expect(config).toContain('management\\.ManagementService');
    expect(config).toContain(`location ~ ${GRPC_PATH_PATTERN} {`);
    for (const line of ['client_header_timeout 1d;', 'client_body_timeout 1d;', 'grpc_read_timeout 1d;', 'grpc_send_timeout 1d;', 'grpc_socket_keepalive on;']) {
      expect(config).toContain(line);
    }
  });

  it('names the upstream through a variable, never literally (a literal is resolved by nginx -t for every host)', () => {
    expect(config).toContain('set $nb_grpc_upstream grpc://netbird-acme-caddy:80;');
    expect(config).toContain('grpc_pass $nb_grpc_upstream;');
    expect(config).not.toMatch(/(grpc|proxy)_pass\s+[a-z]+:\/\//);
  });

  it('gives the relay and the WebSocket proxy a day before an idle connection is cut', () => {
    const ws = config.slice(config.indexOf(`location ~ ${WEBSOCKET_PATH_PATTERN} {`));
    expect(ws).toContain('proxy_pass $nb_ws_upstream;');
    expect(ws).toContain('proxy_read_timeout 1d;');
    expect(ws).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(new RegExp(WEBSOCKET_PATH_PATTERN).test('/relay')).toBe(true);
    expect(new RegExp(WEBSOCKET_PATH_PATTERN).test('/ws-proxy/signal')).toBe(true);
    expect(new RegExp(WEBSOCKET_PATH_PATTERN).test('/api/peers')).toBe(false);
  });

  it('starts with a marker naming the tenant, and only the appliance-written configs carry it', () => {
    expect(markedTenant(config)).toBe('acme');
    expect(markedTenant('location / { return 200; }')).toBeNull();
    expect(markedTenant('# netbird-msp-appliance-ish tenant=acme')).toBeNull();
  });

  it('recognises the exact config of releases before the marker', () => {
    const legacy = `client_header_timeout 1d;\nclient_body_timeout 1d;\n\nlocation ~ ${GRPC_PATH_PATTERN} {\n    grpc_pass grpc://10.0.0.2:9001;\n    grpc_read_timeout 1d;\n    grpc_send_timeout 1d;\n    grpc_socket_keepalive on;\n}\n`;
    expect(isLegacyAdvancedConfig(legacy, '10.0.0.2', 9001)).toBe(true);
    expect(isLegacyAdvancedConfig(legacy, '10.0.0.2', 9002)).toBe(false);
    expect(isLegacyAdvancedConfig(`${legacy}\nallow 10.0.0.0/8;`, '10.0.0.2', 9001)).toBe(false);
  });

  it('has balanced braces', () => {
    expect(config.split('{').length).toBe(config.split('}').length);
  });

  it('refuses values that could inject nginx directives', () => {
    expect(() => renderAdvancedConfig('acme', 'x; include /etc/passwd', 80)).toThrow(/Invalid forward host/);
    expect(() => renderAdvancedConfig('acme', 'host}\nlocation', 80)).toThrow(/Invalid forward host/);
    expect(() => renderAdvancedConfig('acme', 'host', 0)).toThrow(/Invalid forward port/);
    expect(() => renderAdvancedConfig('acme', 'host', 70000)).toThrow(/Invalid forward port/);
    expect(() => renderAdvancedConfig('acme\nallow all', 'host', 80)).toThrow(/Invalid subdomain/);
  });
});
