import { describe, expect, it } from 'vitest';
import { createHostSchema, updateHostSchema } from './schemas';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.')).sort();
const PEM = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----';

describe('host schemas', () => {
  it('refuses endpoints other than ssh:// and tcp://, and shell or URL tricks in them', () => {
    for (const endpoint of ['unix:///var/run/docker.sock', 'http://h:2375', 'ssh://h', 'ssh://u@h;rm -rf /', 'tcp://h', 'ssh://u@h:22/$(touch x)', 'ssh://-oProxyCommand=x@h']) {
      expect(paths(createHostSchema.safeParse({ name: 'h2', endpoint, ssh_private_key: PEM, public_address: '203.0.113.5' }))).toContain('endpoint');
    }
  });

  it('refuses endpoint ports outside 1-65535 and takes the ends of the range', () => {
    const at = (endpoint: string) => paths(createHostSchema.safeParse({ name: 'h2', endpoint, ssh_private_key: PEM, public_address: '203.0.113.5' }));
    for (const endpoint of ['ssh://u@h:0', 'ssh://u@h:99999', 'ssh://u@h:65536', 'tcp://h:0', 'tcp://[::1]:70000/']) expect(at(endpoint)).toContain('endpoint');
    for (const endpoint of ['ssh://u@h:1', 'ssh://u@[::1]:65535', 'ssh://u@[fe80::1]']) expect(at(endpoint)).toEqual([]);
  });

  it('asks for the credentials of the transport: a key for ssh://, CA, certificate and key for tcp://', () => {
    expect(paths(createHostSchema.safeParse({ name: 'h2', endpoint: 'ssh://deploy@h.example.com', public_address: '203.0.113.5' }))).toEqual(['ssh_private_key']);
    expect(paths(createHostSchema.safeParse({ name: 'h2', endpoint: 'tcp://h.example.com:2376', public_address: '203.0.113.5' }))).toEqual(['tls_ca', 'tls_cert', 'tls_key']);
    expect(createHostSchema.safeParse({ name: 'h2', endpoint: 'ssh://deploy@h.example.com:2222', ssh_private_key: PEM, public_address: '203.0.113.5' }).success).toBe(true);
  });

  it('refuses half ranges, inverted ranges, bad addresses and unknown fields', () => {
    const base = { name: 'h2', endpoint: 'ssh://deploy@h', ssh_private_key: PEM, public_address: '203.0.113.5' };
    expect(paths(createHostSchema.safeParse({ ...base, dashboard_port_start: 9000 }))).toEqual(['dashboard_port_end']);
    expect(paths(createHostSchema.safeParse({ ...base, relay_port_start: 4000, relay_port_end: 3000 }))).toEqual(['relay_port_end']);
    expect(paths(createHostSchema.safeParse({ ...base, public_address: 'http://x/' }))).toEqual(['public_address']);
    expect(createHostSchema.safeParse({ ...base, colour: 'red' }).success).toBe(false);
  });

  it('changes the state alone, refuses an empty change and an unknown state', () => {
    expect(updateHostSchema.safeParse({ state: 'cordoned' }).success).toBe(true);
    expect(updateHostSchema.safeParse({}).success).toBe(false);
    expect(paths(updateHostSchema.safeParse({ state: 'unreachable' }))).toEqual(['state']);
    expect(paths(updateHostSchema.safeParse({ endpoint: 'tcp://h:2376' }))).toEqual(['tls_ca', 'tls_cert', 'tls_key']);
  });
});
