import { describe, expect, it } from 'vitest';
import { toInsightView, type InsightRow } from './insight-view';

const row = (over: Partial<InsightRow> = {}): InsightRow => ({
  peersTotal: 3, peersConnected: 2, lastSeenAt: new Date('2026-11-29T10:00:00Z'), clientVersions: '{"0.59.0":1,"0.60.1":2}', usersTotal: 1, serviceUsers: 1,
  setupKeysTotal: 2, setupKeysValid: 1, managementVersion: '0.77.1', updateAvailable: false, availableVersion: null,
  gatheredAt: new Date('2026-11-29T10:05:00Z'), staleReason: null, staleSince: null, tokenError: null, ...over,
});

describe('toInsightView', () => {
  it('never read: every figure null, not over the limit, not stale', () => {
    expect(toInsightView(null, 5, null)).toMatchObject({ peers_total: null, over_max_devices: false, client_versions: [], stale: null, token: { expires_at: null, error: null } });
  });

  it('flags more peers than max_devices, but not exactly as many', () => {
    expect(toInsightView(row(), 2, null).over_max_devices).toBe(true);
    expect(toInsightView(row(), 3, null).over_max_devices).toBe(false);
  });

  it('keeps the figures of a failed read and says why and since when', () => {
    const v = toInsightView(row({ staleReason: 'NetBird at x is not reachable', staleSince: new Date('2026-11-29T11:00:00Z') }), 5, new Date('2027-05-28T00:00:00Z'));
    expect(v).toMatchObject({ peers_total: 3, gathered_at: '2026-11-29T10:05:00.000Z', stale: { reason: 'NetBird at x is not reachable', since: '2026-11-29T11:00:00.000Z' }, token: { expires_at: '2027-05-28T00:00:00.000Z' } });
    expect(v.client_versions).toEqual([{ version: '0.60.1', peers: 2 }, { version: '0.59.0', peers: 1 }]);
  });

  it('refuses a malformed versions column instead of showing it', () => {
    expect(() => toInsightView(row({ clientVersions: '{"0.60.1":"many"}' }), 5, null)).toThrow(/clientVersions/);
  });
});
