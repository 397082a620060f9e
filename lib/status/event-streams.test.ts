import { describe, expect, it } from 'vitest';
import type { Engine } from '../docker/types';
import { followEngines, type EngineStream } from './event-streams';

const engine = (id: string): Engine => ({ id, docker: () => { throw new Error('not used'); }, describe: () => id });

describe('followEngines', () => {
  it('opens one stream per engine, re-opens for a replaced engine and closes a removed one', () => {
    const opened: Engine[] = [];
    const closed: string[] = [];
    const open = (e: Engine) => {
      opened.push(e);
      const n = opened.length;
      return { close: () => closed.push(`${e.id}#${n}`) };
    };
    const streams = new Map<string, EngineStream>();
    const [local, a] = [engine('local'), engine('a')];
    followEngines(streams, [local, a], open);
    followEngines(streams, [local, a], open);
    expect(opened.map((e) => e.id)).toEqual(['local', 'a']);
    expect(closed).toEqual([]);

    // Same id, new engine object: its endpoint or key changed; the old stream must not linger.
    const a2 = engine('a');
    followEngines(streams, [local, a2], open);
    expect(closed).toEqual(['a#2']);
    expect(streams.get('a')?.engine).toBe(a2);

    followEngines(streams, [local], open);
    expect(closed).toEqual(['a#2', 'a#3']);
    expect([...streams.keys()]).toEqual(['local']);
  });
});
