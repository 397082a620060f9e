import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../errors';
import { runStep, type StepState } from './run-step';

function recorder() {
  const seen: [string, StepState, string | null | undefined][] = [];
  return { seen, observe: (s: string, state: StepState, m?: string | null) => void seen.push([s, state, m]) };
}

describe('runStep', () => {
  it('reports a failure with the error text and rethrows it as it is', async () => {
    const { seen, observe } = recorder();
    const boom = new Error('engine gone');
    await expect(runStep('stop', observe, () => Promise.reject(boom))).rejects.toBe(boom);
    expect(seen).toEqual([
      ['stop', 'running', undefined],
      ['stop', 'failed', 'engine gone'],
    ]);
  });

  it('labels a failure with the step and keeps its code when asked (deploy steps)', async () => {
    const err = await runStep('images', undefined, () => Promise.reject(new AppError('DOCKER_UNAVAILABLE', 'no answer')), { label: true }).catch((e: unknown) => e);
    expect(isAppError(err, 'DOCKER_UNAVAILABLE')).toBe(true);
    expect((err as AppError).message).toBe('Step "images" failed: no answer');
    expect((err as AppError).details).toMatchObject({ step: 'images' });
  });

  it('reports success with the done message, or skipped', async () => {
    const { seen, observe } = recorder();
    expect(await runStep('health', observe, () => 3, { done: (n) => `${n}/5 healthy` })).toBe(3);
    await runStep('proxy', observe, () => undefined, { done: () => ({ skipped: 'no NPM' }) });
    expect(seen.filter(([, s]) => s !== 'running')).toEqual([
      ['health', 'succeeded', '3/5 healthy'],
      ['proxy', 'skipped', 'no NPM'],
    ]);
  });
});
