import { describe, expect, it } from 'vitest';
import { defaultSettings } from './schema';
import { settingsUpdateSchema } from './update-schema';

const poolIssue = (value: unknown) => {
  const parsed = settingsUpdateSchema.safeParse({ docker_subnet_pool: value });
  return parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
};

describe('docker_subnet_pool', () => {
  it('defaults to a valid /16', () => {
    expect(defaultSettings().docker_subnet_pool).toBe('10.213.0.0/16');
    expect(poolIssue(defaultSettings().docker_subnet_pool)).toBeUndefined();
  });

  it('accepts /8 to /24 networks, trimmed', () => {
    expect(settingsUpdateSchema.parse({ docker_subnet_pool: ' 172.30.0.0/16 ' }).docker_subnet_pool).toBe('172.30.0.0/16');
    for (const ok of ['10.0.0.0/8', '192.168.50.0/24']) expect(poolIssue(ok), ok).toBeUndefined();
  });

  it('refuses anything else with a clear message', () => {
    expect(poolIssue('')).toBe('docker_subnet_pool: must be an IPv4 network like 10.213.0.0/16');
    expect(poolIssue('10.213.0.0')).toBe('docker_subnet_pool: must be an IPv4 network like 10.213.0.0/16');
    expect(poolIssue('fd00::/48')).toBe('docker_subnet_pool: must be an IPv4 network like 10.213.0.0/16');
    expect(poolIssue('10.213.0.0/25')).toBe('docker_subnet_pool: must be a /8 to /24 network like 10.213.0.0/16');
    expect(poolIssue('10.0.0.0/7')).toBe('docker_subnet_pool: must be a /8 to /24 network like 10.213.0.0/16');
    expect(poolIssue('10.213.0.5/16')).toBe('docker_subnet_pool: has host bits set: the network is 10.213.0.0/16');
    expect(poolIssue(16)).toMatch(/^docker_subnet_pool: /);
  });
});

describe('health_timeout_seconds', () => {
  const parse = (value: unknown) => settingsUpdateSchema.safeParse({ health_timeout_seconds: value });

  it('defaults to three minutes and takes whole seconds within its bounds', () => {
    expect(defaultSettings().health_timeout_seconds).toBe(180);
    expect(parse('15').data?.health_timeout_seconds).toBe(15);
    expect(parse(600).data?.health_timeout_seconds).toBe(600);
  });

  it('refuses values outside 15–600 s and fractions, naming the field', () => {
    for (const bad of [14, 601, 0, -1, 30.5, 'soon']) {
      const parsed = parse(bad);
      expect(parsed.success, String(bad)).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['health_timeout_seconds']);
    }
  });
});
