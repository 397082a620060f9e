import 'server-only';
import type { Engine } from './types';
import type Docker from 'dockerode';
import { log } from '../log';
import { dockerCall, engineMessage } from './client';
import { LABEL_SERVICE, retiredName } from './labels';
import {
  assertNamesFree,
  createStackContainers,
  findRetiredContainers,
  findStackContainers,
  startContainer,
  startStack,
  stopAndRemove,
  stopContainer,
  type ContainerRef,
} from './stack-containers';
import type { StackSpec } from './types';

/**
 * A redeploy that never takes the tenant down for nothing: the running containers are renamed
 * aside ("retired"), the new ones are created under the real names beside them (ports are only
 * bound at start, so both can exist), and the old ones are stopped only right before the new
 * ones start. A failed create or start removes the new containers and puts the old ones back,
 * running, under their own names. Two halves, so the deploy job still reports its
 * 'containers' and 'start' steps apart.
 */

export interface RetiredContainer extends ContainerRef {
  service: string;
  /** A rollback starts again only what ran before: a stopped customer stays stopped. */
  wasRunning: boolean;
}

/** What the 'containers' step hands the 'start' step: the old stack, renamed aside and still running (none on a first deploy). */
export interface StackSwap {
  retired: RetiredContainer[];
}

async function renameOnce(engine: Engine, id: string, name: string): Promise<void> {
  await dockerCall(engine, `rename ${id} to ${name}`, (d) => d.getContainer(id).rename({ name }));
}

const SANDBOX_GONE = /sandbox \S+ not found/i;

/**
 * Renames one of the stack's containers. A container in a crash loop (a new server that cannot
 * start, which a rollback then retires) can be between its exit and its restart at that moment;
 * the engine counts it as running, looks for its network sandbox, and answers 404 "sandbox …
 * not found". Such a container serves nothing: it is stopped, which ends the loop, and renamed
 * again. Any other failure is the caller's.
 */
async function rename(engine: Engine, id: string, name: string): Promise<void> {
  try {
    await renameOnce(engine, id, name);
  } catch (err) {
    if (!SANDBOX_GONE.test(engineMessage(err)) && !(err instanceof Error && SANDBOX_GONE.test(err.message))) throw err;
    log.warn('renaming a restarting container: stopped it first', { id, error: engineMessage(err) });
    await stopContainer(engine, { id, name: id });
    await renameOnce(engine, id, name);
  }
}

/**
 * Runs `run`; when it fails, runs `undo` and throws run's error. Its message also says how the
 * undo went, because the failed job's message is what the operator reads about the customer.
 */
async function withRollback<T>(what: string, run: () => Promise<T>, undo: () => Promise<void>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    try {
      await undo();
      log.warn('redeploy rolled back to the previous containers', { what, error: engineMessage(err) });
      if (err instanceof Error) err.message = `${err.message} (rolled back: the previous containers are running)`;
    } catch (undoErr) {
      log.error('rolling back a redeploy failed', { what, error: engineMessage(err), rollbackError: engineMessage(undoErr) });
      if (err instanceof Error) err.message = `${err.message} (putting the previous containers back also failed: ${engineMessage(undoErr)})`;
    }
    throw err;
  }
}

async function restoreNames(engine: Engine, retired: RetiredContainer[]): Promise<void> {
  await Promise.all(retired.map((c) => rename(engine, c.id, c.name)));
}

/** Whatever of the new stack exists: after retiring, every live-named container of the tenant is new. */
async function removeNewContainers(engine: Engine, customerId: string): Promise<void> {
  const fresh = await findStackContainers(engine, customerId);
  await Promise.all(fresh.map((c) => stopAndRemove(engine, c.Id)));
}

/** One moment for all, so the stack's retired containers are recognisable as one generation. */
async function retire(engine: Engine, existing: Docker.ContainerInfo[]): Promise<RetiredContainer[]> {
  const at = new Date();
  const done: RetiredContainer[] = [];
  await withRollback(
    'retire',
    async () => {
      for (const c of existing) {
        const name = (c.Names[0] ?? c.Id).replace(/^\//, '');
        await rename(engine, c.Id, retiredName(name, at));
        done.push({ id: c.Id, name, service: c.Labels?.[LABEL_SERVICE] ?? '', wasRunning: c.State === 'running' });
      }
    },
    () => restoreNames(engine, done),
  );
  return done;
}

/**
 * Step 'containers': creates the spec's containers (not started). On a redeploy the running
 * ones are retired first and keep serving; a failed create leaves them as they were.
 * Retired containers left by a swap the appliance did not live to finish are removed first.
 */
export async function prepareSwap(engine: Engine, spec: StackSpec): Promise<StackSwap> {
  await assertNamesFree(engine, spec);
  const leftovers = await findRetiredContainers(engine, spec.customerId);
  await Promise.all(leftovers.map((c) => stopAndRemove(engine, c.Id)));
  const existing = await findStackContainers(engine, spec.customerId);
  if (!existing.length) {
    await createStackContainers(engine, spec);
    return { retired: [] };
  }
  const retired = await retire(engine, existing);
  await withRollback(
    'create',
    () => createStackContainers(engine, spec),
    async () => {
      await removeNewContainers(engine, spec.customerId);
      await restoreNames(engine, retired);
    },
  );
  return { retired };
}

/** Front door first, as stopStack does, so no request reaches a stopping service. */
async function stopRetired(engine: Engine, spec: StackSpec, retired: RetiredContainer[]): Promise<void> {
  const front = new Set(spec.containers.filter((c) => c.phase === 1).map((c) => c.service));
  await Promise.all(retired.filter((c) => front.has(c.service)).map((c) => stopContainer(engine, c)));
  await Promise.all(retired.filter((c) => !front.has(c.service)).map((c) => stopContainer(engine, c)));
}

async function removeRetired(engine: Engine, retired: RetiredContainer[]): Promise<void> {
  try {
    await Promise.all(retired.map((c) => stopAndRemove(engine, c.id)));
  } catch (err) {
    // The new stack runs; a leftover is stopped, hidden from every listing and removed by the next deploy or delete.
    log.warn('retired containers not removed', { ids: retired.map((c) => c.id), error: engineMessage(err) });
  }
}

/**
 * Step 'start': starts the new containers. On a redeploy the retired ones are stopped just
 * before; if the new ones do not start, they are removed and the old ones come back under
 * their names and run again. Once the new ones run, the retired ones are removed.
 */
export async function completeSwap(engine: Engine, spec: StackSpec, swap: StackSwap): Promise<void> {
  const { retired } = swap;
  if (!retired.length) return startStack(engine, spec);
  await withRollback(
    'start',
    async () => {
      await stopRetired(engine, spec, retired);
      await startStack(engine, spec);
    },
    async () => {
      await removeNewContainers(engine, spec.customerId);
      await restoreNames(engine, retired);
      await Promise.all(retired.filter((c) => c.wasRunning).map((c) => startContainer(engine, c)));
    },
  );
  await removeRetired(engine, retired);
}
