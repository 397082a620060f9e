import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';

const follow = vi.fn();
vi.mock('../db', () => ({ db: () => ({ customer: { findUnique: async () => ({ layout: 'classic' }) } }) }));
vi.mock('../netbird/tenant-engine', () => ({ tenantEngine: async () => ({ id: 'local' }) }));
vi.mock('../docker/logs', () => ({ followServiceLogs: (...args: unknown[]) => follow(...args), getServiceLogs: vi.fn() }));

const { streamCustomerLogs } = await import('./customer-logs');

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const text = await new Response(stream).text();
  return text.split('\n').filter(Boolean);
}

const query = { tail: 10, follow: true } as const;

describe('streamCustomerLogs', () => {
  it('ends with one line in the error shape when the engine fails mid-stream, instead of cutting the answer off', async () => {
    follow.mockImplementation(async function* () {
      yield { time: new Date('2026-01-01T00:00:00Z'), stream: 'stdout', text: 'first' };
      throw new AppError('DOCKER_UNAVAILABLE', 'The Docker Engine closed the log stream.');
    });
    const lines = await readAll(await streamCustomerLogs('c1', query, new AbortController().signal));
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toEqual({ time: '2026-01-01T00:00:00.000Z', stream: 'stdout', text: 'first' });
    expect(JSON.parse(lines[1])).toEqual({ error: { code: 'DOCKER_UNAVAILABLE', message: 'The Docker Engine closed the log stream.' } });
  });

  it('never puts an unexpected error\'s text in the stream', async () => {
    follow.mockImplementation(async function* () {
      throw new Error('socket hang up at /var/run/docker.sock');
    });
    const lines = await readAll(await streamCustomerLogs('c1', query, new AbortController().signal));
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ error: { code: 'INTERNAL', message: 'Internal error. The details are in the appliance log.' } }]);
  });

  it('ends quietly when the client went away', async () => {
    const abort = new AbortController();
    follow.mockImplementation(async function* () {
      abort.abort();
      throw new Error('aborted');
    });
    expect(await readAll(await streamCustomerLogs('c1', query, abort.signal))).toEqual([]);
  });

  it('sends a blank line while the container is quiet, so proxies and clients do not cut the answer, and none while lines flow', async () => {
    const abort = new AbortController();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    follow.mockImplementation(async function* () {
      for (let i = 0; i < 6; i++) {
        yield { time: null, stream: 'stdout', text: `busy ${i}` };
        await sleep(30);
      }
      await sleep(900);
      yield { time: null, stream: 'stdout', text: 'after the quiet' };
    });
    const text = await new Response(await streamCustomerLogs('c1', query, abort.signal, 150)).text();
    const parts = text.split('\n');
    const busy = parts.slice(0, 6);
    expect(busy.map((l) => JSON.parse(l).text)).toEqual(['busy 0', 'busy 1', 'busy 2', 'busy 3', 'busy 4', 'busy 5']);
    // 900 ms of quiet at one blank line per 150 ms: about five (at least two on a loaded machine), then the next line.
    const quiet = parts.slice(6, parts.indexOf(parts.find((l) => l.includes('after the quiet')) ?? ''));
    expect(quiet.every((l) => l === '')).toBe(true);
    expect(quiet.length).toBeGreaterThanOrEqual(2);
    expect(quiet.length).toBeLessThanOrEqual(7);
    expect(JSON.parse(parts.at(-2) ?? '')).toEqual({ time: null, stream: 'stdout', text: 'after the quiet' });
  });
});
