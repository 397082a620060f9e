import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps insertion order until full', () => {
    const r = new RingBuffer<number>(3);
    expect(r.toArray()).toEqual([]);
    expect(r.latest()).toBeUndefined();
    r.push(1);
    r.push(2);
    expect(r.toArray()).toEqual([1, 2]);
    expect(r.latest()).toBe(2);
  });

  it('drops the oldest entries once full, any number of times round', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) r.push(i);
    expect(r.size).toBe(3);
    expect(r.toArray()).toEqual([8, 9, 10]);
    expect(r.latest()).toBe(10);
  });

  it('refuses a capacity that could hold nothing', () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
    expect(() => new RingBuffer(1.5)).toThrow(/positive integer/);
  });
});
