import { describe, expect, it } from 'vitest';
import { createHostSchema, updateHostSchema, type HostView } from '@/lib/hosts/schemas';
import { EMPTY_HOST_FORM, createHostBody, hostFormValues, updateHostBody } from './host-form-values';

const PIN = `SHA256:${'B'.repeat(43)}`;
const host: HostView = {
  id: 'h1',
  name: 'fra-2',
  endpoint: 'ssh://deploy@fra-2.example.com',
  transport: 'ssh',
  public_address: '203.0.113.20',
  forward_address: '10.0.0.20',
  dashboard_ports: null,
  relay_ports: null,
  labels: ['region=eu'],
  tenant_root: '/var/lib/netbird-msp/tenants',
  ssh_host_key: PIN,
  state: 'ready',
  set_state: 'ready',
  last_contact_at: null,
  last_error: null,
  facts: null,
  tenants: 0,
  has_credentials: true,
};

describe('the host form', () => {
  it('sends nothing for an unchanged host: stored keys stay, nothing is cleared', () => {
    expect(updateHostBody(hostFormValues(host), hostFormValues(host))).toEqual({});
  });

  it('sends only what changed; an emptied host key or forward address is cleared, an emptied tenant root is named by the schema', () => {
    const before = hostFormValues(host);
    const body = updateHostBody(before, { ...before, ssh_host_key: '', forward_address: ' ', tenant_root: '/srv/tenants', labels: 'a=1, b=2' });
    expect(body).toEqual({ ssh_host_key: null, forward_address: null, tenant_root: '/srv/tenants', labels: ['a=1', 'b=2'] });
    expect(updateHostSchema.safeParse(body).success).toBe(true);
    const emptied = updateHostSchema.safeParse(updateHostBody(before, { ...before, tenant_root: '' }));
    expect(emptied.success).toBe(false);
    expect(emptied.error?.issues.map((i) => i.path.join('.'))).toContain('tenant_root');
  });

  it('asks for the host key only of SSH hosts, and refuses a malformed one on its field', () => {
    const tls = createHostBody({ ...EMPTY_HOST_FORM, name: 'h', endpoint: 'tcp://h:2376', ssh_host_key: PIN, public_address: 'h' });
    expect(tls).not.toHaveProperty('ssh_host_key');
    const bad = createHostSchema.safeParse(createHostBody({ ...EMPTY_HOST_FORM, name: 'h2', endpoint: 'ssh://u@h', ssh_private_key: '-----BEGIN K-----\nx\n-----END K-----', ssh_host_key: 'SHA256:short', public_address: 'h' }));
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['ssh_host_key']);
  });

  it('sends port ranges as numbers, a changed range whole, and lets the schema name a half or bad one', () => {
    const ranged = { ...host, dashboard_ports: { start: 9000, end: 9009 } };
    const before = hostFormValues(ranged);
    expect(before.dashboard_port_start).toBe('9000');
    expect(updateHostBody(before, { ...before, dashboard_port_end: '9019' })).toEqual({ dashboard_port_start: 9000, dashboard_port_end: 9019 });
    const half = createHostBody({ ...EMPTY_HOST_FORM, name: 'h2', endpoint: 'ssh://u@h', ssh_private_key: '-----BEGIN K-----\nx\n-----END K-----', public_address: 'h', relay_port_start: '4000' });
    expect(half).toMatchObject({ relay_port_start: 4000 });
    expect(createHostSchema.safeParse(half).error?.issues.map((i) => i.path.join('.'))).toEqual(['relay_port_end']);
    const typo = updateHostSchema.safeParse(updateHostBody(before, { ...before, dashboard_port_start: '9o00' }));
    expect(typo.error?.issues.map((i) => i.path.join('.'))).toEqual(['dashboard_port_start']);
  });
});
