import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { tlsMaterial } from '../helpers/tls-material';
import { createHostInputSchema, updateHostInputSchema } from '../../lib/hosts/host-input';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => [...new Set((r.error?.issues ?? []).map((i) => i.path.join('.')))].sort();

describe('host input on the server: TLS material read with node:crypto', () => {
  const tls = tlsMaterial();
  const base = { name: 'h2', endpoint: 'tcp://h.example.com:2376', public_address: '203.0.113.5' };

  it('refuses an SSH private key as CA or certificate, a certificate as key, and names each field', () => {
    const sshKey = ssh2.utils.generateKeyPairSync('ed25519').private;
    expect(paths(createHostInputSchema.safeParse({ ...base, tls_ca: sshKey, tls_cert: sshKey, tls_key: tls.cert }))).toEqual(['tls_ca', 'tls_cert', 'tls_key']);
    const garbled = tls.ca.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    expect(paths(createHostInputSchema.safeParse({ ...base, tls_ca: garbled, tls_cert: tls.cert, tls_key: tls.key }))).toEqual(['tls_ca']);
  });

  it('refuses a key that does not belong to the client certificate', () => {
    const r = createHostInputSchema.safeParse({ ...base, tls_ca: tls.ca, tls_cert: tls.cert, tls_key: tls.otherKey });
    expect(paths(r)).toEqual(['tls_key']);
    expect(JSON.stringify(r.error?.issues)).toMatch(/does not belong/);
  });

  it('takes matching material, and an update that renews only the CA', () => {
    expect(createHostInputSchema.safeParse({ ...base, tls_ca: tls.ca, tls_cert: tls.cert, tls_key: tls.key }).success).toBe(true);
    expect(updateHostInputSchema.safeParse({ tls_ca: tls.ca }).success).toBe(true);
    expect(paths(updateHostInputSchema.safeParse({ tls_ca: tls.key }))).toEqual(['tls_ca']);
  });
});
