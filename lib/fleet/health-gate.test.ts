import { describe, expect, it } from 'vitest';
import { peersNeeded, waitForPeers } from './health-gate';

describe('the peer gate', () => {
  it('needs the fraction rounded up, and at least one peer', () => {
    expect(peersNeeded(10, 0.8)).toBe(8);
    expect(peersNeeded(4, 0.8)).toBe(4);
    expect(peersNeeded(5, 0.8)).toBe(4);
    expect(peersNeeded(1, 0.1)).toBe(1);
  });
  it('has nothing to wait for when no peer was connected before, or the fraction is 0', async () => {
    await expect(waitForPeers('none', 0, 0.8, 1000)).resolves.toMatch(/nothing to wait for/);
    await expect(waitForPeers('none', null, 0.8, 1000)).resolves.toMatch(/nothing to wait for/);
    await expect(waitForPeers('none', 5, 0, 1000)).resolves.toMatch(/nothing to wait for/);
  });
});
