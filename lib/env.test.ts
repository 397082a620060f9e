import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('environment', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({ NODE_ENV: 'development' });
    expect(env.WEB_UI_PORT).toBe(8000);
    expect(env.DATABASE_PATH).toMatch(/data\/netbird_msp\.db$/);
    expect(env.DOCKER_NETWORK).toBe('npm-network');
    expect(env.HOST_IP).toBe('127.0.0.1');
    expect(env.ADMIN_USERNAME).toBe('admin');
  });

  it('requires SECRET_KEY in production', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY: is required in production/);
  });

  it('refuses short and known example keys with a clear message', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', SECRET_KEY: 'short' })).toThrow(/at least 32 characters/);
    expect(() => parseEnv({ NODE_ENV: 'production', SECRET_KEY: 'change-me-change-me-change-me-change-me' })).toThrow(/known example value/);
    expect(() => parseEnv({ NODE_ENV: 'production', SECRET_KEY: 'a'.repeat(40) })).toThrow(/known example value/);
  });

  it('accepts a generated key and lists every bad variable at once', () => {
    expect(parseEnv({ NODE_ENV: 'production', SECRET_KEY: '4f8a9c2e7b1d6053a9e4c7f2b8d1e6a35c0d' }).SECRET_KEY).toHaveLength(36);
    expect(() => parseEnv({ NODE_ENV: 'production', WEB_UI_PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(/WEB_UI_PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*WEB_UI_PORT/);
  });
});
