import { describe, expect, it } from 'vitest';
import { GRPC_PATH_PATTERN, renderAdvancedConfig } from './advanced-config';

describe('renderAdvancedConfig', () => {
  const config = renderAdvancedConfig('netbird-acme-caddy', 80);

  it('routes both gRPC services to the forward target with day-long timeouts', () => {
    expect(config).toContain('signalexchange\\.SignalExchange');
    expect(config).toContain('management\\.ManagementService');
    expect(config).toContain(`location ~ ${GRPC_PATH_PATTERN} {`);
    expect(config).toContain('grpc_pass grpc://netbird-acme-caddy:80;');
    for (const line of ['client_header_timeout 1d;', 'client_body_timeout 1d;', 'grpc_read_timeout 1d;', 'grpc_send_timeout 1d;', 'grpc_socket_keepalive on;']) {
      expect(config).toContain(line);
    }
  });

  it('has balanced braces', () => {
    expect(config.split('{').length).toBe(config.split('}').length);
  });

  it('refuses values that could inject nginx directives', () => {
    expect(() => renderAdvancedConfig('x; include /etc/passwd', 80)).toThrow(/Invalid forward host/);
    expect(() => renderAdvancedConfig('host}\nlocation', 80)).toThrow(/Invalid forward host/);
    expect(() => renderAdvancedConfig('host', 0)).toThrow(/Invalid forward port/);
    expect(() => renderAdvancedConfig('host', 70000)).toThrow(/Invalid forward port/);
  });
});
