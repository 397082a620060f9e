import { RUN_ID, removeTmp } from './harness';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeContainerIfPresent } from './docker-helpers';
import { assertDockerReachable, dockerClient, overrideDocker } from '../../lib/docker/client';
import { subscribeTenantEvents, type TenantEvent } from '../../lib/docker/events';
import { ensureImages } from '../../lib/docker/images';
import { listAllTenantContainers } from '../../lib/docker/list-containers';
import { localEngine } from '../../lib/docker/engine';

const engine = localEngine();

/** An engine that is gone or hangs must give a clear DOCKER_UNAVAILABLE quickly, never a hang. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dead-docker-'));
const sockets: net.Socket[] = [];
const silent = net.createServer((s) => sockets.push(s));

afterAll(async () => {
  overrideDocker(undefined);
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
  removeTmp();
});

async function timed(run: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t0 = Date.now();
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { err, ms: Date.now() - t0 };
}

describe('a Docker Engine that does not answer', () => {
  it('fails fast when DOCKER_HOST names a socket nobody listens on', async () => {
    const dead = path.join(dir, 'dead.sock');
    process.env.DOCKER_HOST = `unix://${dead}`;
    overrideDocker({ host: process.env.DOCKER_HOST });
    for (const call of [() => assertDockerReachable(engine), () => listAllTenantContainers(engine), () => ensureImages(engine, ['netbird-msp-standin/caddy:test'])]) {
      const { err, ms } = await timed(call);
      expect(err).toMatchObject({ code: 'DOCKER_UNAVAILABLE' });
      expect((err as Error).message).toContain(dead);
      expect(ms).toBeLessThan(1_000);
    }
  });

  it('times out on a socket that accepts but never answers', async () => {
    const hung = path.join(dir, 'hung.sock');
    await new Promise<void>((r) => silent.listen(hung, r));
    overrideDocker({ host: `unix://${hung}`, timeoutMs: 1_000 });
    const { err, ms } = await timed(() => listAllTenantContainers(engine));
    expect(err).toMatchObject({ code: 'DOCKER_UNAVAILABLE' });
    expect((err as Error).message).toMatch(/did not answer within 1 s/);
    expect(ms).toBeLessThan(2_500);
  });

  it('names an image that is missing and cannot be pulled', async () => {
    overrideDocker(undefined);
    delete process.env.DOCKER_HOST;
    const image = 'netbird-msp-standin/never-built:nope';
    const progress: string[] = [];
    const err = await ensureImages(engine, [image], (p) => progress.push(p.status)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IMAGE_UNAVAILABLE' });
    expect((err as Error).message).toContain(image);
    expect(progress[0]).toBe('Pulling');
  });

  it('keeps an event subscription alive across an engine outage', async () => {
    overrideDocker({ host: `unix://${path.join(dir, 'gone.sock')}` });
    const errors: unknown[] = [];
    const events: TenantEvent[] = [];
    const customerId = `events-${RUN_ID}`;
    const sub = subscribeTenantEvents(engine, (e) => e.customerId === customerId && events.push(e), (e) => errors.push(e));
    const name = `netbird-msp-test-${RUN_ID}-events`;
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(errors.length).toBeGreaterThan(0);
      overrideDocker(undefined);
      // The next reconnection (backoff 1 s) reaches the live engine.
      await new Promise((r) => setTimeout(r, 1_500));
      const c = await dockerClient().createContainer({
        name,
        Image: 'netbird-msp-standin/signal:test',
        Labels: { 'netbird-msp.customer': customerId, 'netbird-msp.service': 'signal' },
        HostConfig: { Init: true },
      });
      await c.start();
      for (let i = 0; i < 60 && !events.some((e) => e.action === 'start'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(events.find((e) => e.action === 'start')).toMatchObject({ service: 'signal', containerId: c.id });
    } finally {
      sub.close();
      await removeContainerIfPresent(name);
    }
  });
});
