import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { asPauseWindow, holdDuringPauses, inPauseWindow } from './pause-window';

/** Collects what passes, as text, in order. */
function watch(stream: NodeJS.ReadableStream): string[] {
  const seen: string[] = [];
  stream.on('data', (c: Buffer) => seen.push(c.toString()));
  return seen;
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('pause windows', () => {
  it('holds the data of copies on the same host while a tenant is frozen, and lets it all through in order after', async () => {
    const source = new PassThrough();
    const held = source.pipe(holdDuringPauses('host-a'));
    const seen = watch(held);
    source.write('before');
    await tick();
    expect(seen).toEqual(['before']);

    let unfreeze!: () => void;
    const window = asPauseWindow('host-a', () => new Promise<string>((r) => (unfreeze = () => r('copied'))));
    expect(inPauseWindow('host-a')).toBe(true);
    source.write('during-1');
    source.write('during-2');
    await tick(100);
    expect(seen).toEqual(['before']);

    unfreeze();
    expect(await window).toBe('copied');
    expect(inPauseWindow('host-a')).toBe(false);
    await tick();
    expect(seen).toEqual(['before', 'during-1', 'during-2']);
  });

  it('does not hold the data of another host', async () => {
    const source = new PassThrough();
    const seen = watch(source.pipe(holdDuringPauses('host-b')));
    let unfreeze!: () => void;
    const window = asPauseWindow('host-a', () => new Promise<void>((r) => (unfreeze = r)));
    source.write('other host');
    await tick();
    expect(seen).toEqual(['other host']);
    unfreeze();
    await window;
  });

  it('stays open while any of two overlapping windows is, and closes when a window fails', async () => {
    const source = new PassThrough();
    const seen = watch(source.pipe(holdDuringPauses('host-c')));
    let endFirst!: () => void;
    const first = asPauseWindow('host-c', () => new Promise<void>((r) => (endFirst = r)));
    const second = asPauseWindow('host-c', async () => {
      await tick(150);
      throw new Error('unpause failed');
    });
    source.write('x');
    endFirst();
    await first;
    await tick(50);
    expect(seen).toEqual([]);
    await expect(second).rejects.toThrow('unpause failed');
    await tick();
    expect(seen).toEqual(['x']);
    expect(inPauseWindow('host-c')).toBe(false);
  });

  it('never holds a chunk longer than its limit, however long the window', async () => {
    const source = new PassThrough();
    const seen = watch(source.pipe(holdDuringPauses('host-d', 100)));
    let unfreeze!: () => void;
    const window = asPauseWindow('host-d', () => new Promise<void>((r) => (unfreeze = r)));
    source.write('late');
    await tick(50);
    expect(seen).toEqual([]);
    await tick(150);
    expect(seen).toEqual(['late']);
    unfreeze();
    await window;
  });
});
