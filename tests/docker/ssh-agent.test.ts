/**
 * Docker over SSH against the test host's real OpenSSH server (default MaxSessions: 10
 * sessions per connection). Streams that stay open (event streams, log follows) and a burst of
 * short requests together need more channels than one connection may carry.
 */
import Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteDockerClient } from '@/lib/docker/remote-client';
import { ensureTestHost, type TestHost } from '../helpers/test-host';

let th: TestHost;
let docker: Docker;
const streams: Readable[] = [];

beforeAll(async () => {
  th = await ensureTestHost();
  docker = remoteDockerClient({ kind: 'ssh', endpoint: th.ssh, privateKey: th.sshKey });
}, 120_000);

afterAll(() => {
  for (const s of streams) s.destroy();
  (docker?.modem as { agent?: { destroy(): void } } | undefined)?.agent?.destroy();
});

describe('Docker over SSH', () => {
  it('serves 12 open event streams and 30 requests at once, every one answered', async () => {
    for (let i = 0; i < 12; i++) streams.push((await docker.getEvents({ filters: { type: ['container'] } })) as Readable);
    const answers = await Promise.allSettled(Array.from({ length: 30 }, () => docker.version()));
    const failed = answers.flatMap((a) => (a.status === 'rejected' ? [String(a.reason)] : []));
    expect(failed).toEqual([]);
    expect(answers.every((a) => a.status === 'fulfilled' && a.value.ApiVersion)).toBe(true);
  }, 60_000);

  it('keeps answering after the streams end: their channels are given back', async () => {
    for (const s of streams.splice(0)) s.destroy();
    const answers = await Promise.all(Array.from({ length: 20 }, () => docker.ping()));
    expect(answers).toHaveLength(20);
  }, 60_000);
});
