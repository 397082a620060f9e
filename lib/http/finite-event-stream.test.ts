import { describe, expect, it } from 'vitest';
import { finiteEventStream } from './finite-event-stream';

type V = { n: number; state: string };

/** A source of values with listeners, as the job and plan event modules are. */
function source(initial: V | null) {
  let current = initial;
  const listeners = new Set<(v?: V) => void>();
  return {
    set(v: V, push: boolean) {
      current = v;
      for (const l of listeners) l(push ? v : undefined);
    },
    listeners,
    read: async () => current,
    subscribe: (l: (v?: V) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk);
  return text;
}

const events = (text: string) => [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => `${m[1]}:${m[2]}`);

describe('finiteEventStream', () => {
  it('nothing to follow: done with null, the stream ends and unsubscribes', async () => {
    const s = source(null);
    const text = await readAll(finiteEventStream({ event: 'job', read: s.read, subscribe: s.subscribe, finished: (v: V) => v.state === 'end', signal: new AbortController().signal }));
    expect(text.startsWith('retry: 2000')).toBe(true);
    expect(events(text)).toEqual(['done:null']);
    expect(s.listeners.size).toBe(0);
  });

  it('the current value, pushed changes in order, then done with the final one', async () => {
    const s = source({ n: 1, state: 'running' });
    const stream = finiteEventStream({ event: 'job', read: s.read, subscribe: s.subscribe, finished: (v: V) => v.state === 'end', signal: new AbortController().signal });
    const all = readAll(stream);
    await new Promise((r) => setTimeout(r, 10));
    s.set({ n: 2, state: 'running' }, true);
    s.set({ n: 3, state: 'end' }, true);
    expect(events(await all)).toEqual(['job:{"n":1,"state":"running"}', 'job:{"n":2,"state":"running"}', 'job:{"n":3,"state":"end"}', 'done:{"n":3,"state":"end"}']);
    expect(s.listeners.size).toBe(0);
  });

  it('nudges without a value are read fresh, once per burst', async () => {
    const s = source({ n: 1, state: 'running' });
    const all = readAll(finiteEventStream({ event: 'plan', read: s.read, subscribe: s.subscribe, finished: (v: V) => v.state === 'end', signal: new AbortController().signal, coalesceMs: 30 }));
    await new Promise((r) => setTimeout(r, 10));
    s.set({ n: 2, state: 'running' }, false);
    s.set({ n: 3, state: 'running' }, false);
    s.set({ n: 4, state: 'end' }, false);
    expect(events(await all)).toEqual(['plan:{"n":1,"state":"running"}', 'plan:{"n":4,"state":"end"}', 'done:{"n":4,"state":"end"}']);
  });

  it('ends when the client goes away, and unsubscribes', async () => {
    const s = source({ n: 1, state: 'running' });
    const abort = new AbortController();
    const all = readAll(finiteEventStream({ event: 'job', read: s.read, subscribe: s.subscribe, finished: (v: V) => v.state === 'end', signal: abort.signal }));
    await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    expect(events(await all)).toEqual(['job:{"n":1,"state":"running"}']);
    expect(s.listeners.size).toBe(0);
  });
});
