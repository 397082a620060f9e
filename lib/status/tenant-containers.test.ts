import { describe, expect, it } from 'vitest';
import type { TenantContainer } from '../docker/list-containers';
import { deriveStatus, STACK_SERVICES } from './derive-status';
import { tenantContainers } from './tenant-containers';

const container = (service: string, state: string): TenantContainer => ({
  id: `${service}-${state}`, name: service, customerId: 'c1', subdomain: 'acme', service, image: 'x', state, status: state, createdAt: new Date(0), ports: [],
});
const running = STACK_SERVICES.map((s) => container(s, 'running'));
// What a move's cleanup could not remove from the host the tenant left: stopped, same customer.
const leftovers = STACK_SERVICES.map((s) => container(s, 'exited'));
const snapshot = {
  byEngine: new Map([['remote', new Map([['c1', running]])], ['local', new Map([['c1', leftovers]])]]),
  byCustomer: new Map([['c1', [...running, ...leftovers]]]),
};
const input = { status: 'active', desiredState: 'running', failedJobId: null, hasDeployment: true, busy: false };

describe('tenantContainers', () => {
  it('reads a deployed tenant from the engine it runs on, so stopped leftovers on its old host do not make it `error`', () => {
    expect(deriveStatus(input, snapshot.byCustomer.get('c1'))?.status).toBe('error');
    expect(tenantContainers(snapshot, 'c1', 'remote')).toBe(running);
    expect(deriveStatus(input, tenantContainers(snapshot, 'c1', 'remote'))?.status).toBe('active');
  });

  it('finds nothing for a host whose engine holds none of the tenant, and every engine for a tenant not deployed yet', () => {
    expect(tenantContainers(snapshot, 'c1', 'gone')).toBeUndefined();
    expect(deriveStatus(input, tenantContainers(snapshot, 'c1', 'gone'))?.status).toBe('error');
    expect(tenantContainers(snapshot, 'c1', null)).toHaveLength(10);
  });
});
