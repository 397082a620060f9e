import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { StepReporter } from '@/lib/jobs/step-reporter';
import { applyMigrations } from '@/lib/migrate';

// A step's progress lines (a backup's "Read … MB", an image pull's status) used to be written as
// a new "running" state: each one moved the step's start to its own time, so a 45 s backup showed
// as a step of 0.4 s, and a throttled line landing after the step's end set it running again.
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'step-progress-')), 'db.sqlite');

beforeAll(() => {
  applyMigrations(file, path.resolve(__dirname, '..', '..', 'prisma', 'migrations'));
  process.env.DATABASE_PATH = file;
});

async function newJob(): Promise<string> {
  const job = await db().job.create({ data: { kind: 'backup', state: 'running', steps: { create: [{ position: 0, name: 'snapshot' }] } } });
  return job.id;
}

const stepOf = (jobId: string) => db().jobStep.findFirstOrThrow({ where: { jobId, name: 'snapshot' } });
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('job step progress', { timeout: 30_000 }, () => {
  it('changes the message of a running step and keeps the time it started', async () => {
    const jobId = await newJob();
    const r = new StepReporter(jobId);
    await r.report('snapshot', 'running');
    const started = (await stepOf(jobId)).startedAt;
    expect(started).toBeInstanceOf(Date);
    await tick();
    r.progress('snapshot', 'Read 12.0 MB');
    await r.flush();
    const after = await stepOf(jobId);
    expect(after.state).toBe('running');
    expect(after.message).toBe('Read 12.0 MB');
    expect(after.startedAt?.getTime()).toBe(started?.getTime());
  });

  it('a line arriving after the step ended leaves its final state, message and times alone', async () => {
    const jobId = await newJob();
    const r = new StepReporter(jobId);
    await r.report('snapshot', 'running');
    await r.report('snapshot', 'succeeded', 'Snapshot 1a2b3c4d');
    const done = await stepOf(jobId);
    r.progress('snapshot', 'Read 19.1 MB');
    await r.flush();
    const after = await stepOf(jobId);
    expect(after).toMatchObject({ state: 'succeeded', message: 'Snapshot 1a2b3c4d', finishedAt: done.finishedAt, startedAt: done.startedAt });
  });

  it('a line for a step the job does not have changes nothing and fails nothing', async () => {
    const jobId = await newJob();
    const r = new StepReporter(jobId);
    await r.report('snapshot', 'running');
    r.progress('images', 'Pulling x');
    await expect(r.flush()).resolves.toBeUndefined();
    expect((await stepOf(jobId)).message).toBeNull();
  });
});
