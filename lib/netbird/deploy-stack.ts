import 'server-only';
import { db } from '../db';
import { assertDockerReachable } from '../docker/client';
import type { PullProgress } from '../docker/images';
import { ensureImages } from '../docker/images';
import { LABEL_CUSTOMER, LABEL_SUBDOMAIN } from '../docker/labels';
import { ensureNetwork } from '../docker/networks';
import { completeSwap, prepareSwap } from '../docker/swap-stack';
import { AppError, isAppError } from '../errors';
import { waitForHealthy, type StackHealth } from '../health/stack-health';
import { loadStackSpec } from './load-stack-spec';
import type { Layout } from './layout';
import { allocatePorts } from './ports';
import { renderTenantFiles, type RenderedFiles } from './render-files';
import type { TenantStackSpec } from './stack-spec';
import { filesOn, writeTenantFiles } from './tenant-files';
import { tenantEngine } from './tenant-engine';
import { runStep, type StepState } from '../jobs/run-step';
import type { ImageSet } from '../fleet/image-set';

export const DEPLOY_STEPS = ['allocate-ports', 'load-spec', 'render', 'networks', 'images', 'write-files', 'containers', 'start', 'health'] as const;
export type DeployStep = (typeof DEPLOY_STEPS)[number];

export interface DeployOptions {
  onStep?: (step: DeployStep, state: StepState, message?: string) => void;
  onPullProgress?: (p: PullProgress) => void;
  onHealth?: (h: StackHealth) => void;
  healthTimeoutMs?: number;
  /** Images other than the tenant's own (an upgrade, or its rollback to what ran before). */
  images?: ImageSet;
}

export interface DeployResult {
  spec: TenantStackSpec;
  health: StackHealth;
}

/** Runs one step (lib/jobs/run-step); a failure keeps its code and says which step failed and why. */
function step<T>(name: DeployStep, opts: DeployOptions, run: () => Promise<T> | T): Promise<T> {
  const observe = opts.onStep && ((s: DeployStep, state: StepState, message?: string | null) => opts.onStep?.(s, state, message ?? undefined));
  return runStep(name, observe, run, { label: true });
}

/** The images the deployment row records: those of the layout that now runs, none of the other's. */
export function deployedImages(spec: TenantStackSpec) {
  const i = spec.images;
  return {
    managementImage: i.management ?? null,
    signalImage: i.signal ?? null,
    relayImage: i.relay ?? null,
    serverImage: i.server ?? null,
    dashboardImage: i.dashboard ?? null,
    caddyImage: i.caddy ?? null,
  };
}

/**
 * Deploys or redeploys one tenant: same ports, same key and secret, current images and
 * settings, fresh containers. Everything that can fail before the containers are touched
 * (rendering, images) runs before any file is written, and nothing under data/ is ever
 * removed, so a failed redeploy leaves the tenant's data as it was; a create or start that
 * fails leaves the previous containers running (lib/docker/swap-stack).
 */
export async function deployStack(customerId: string, opts: DeployOptions = {}, layout?: Layout): Promise<DeployResult> {
  const engine = await tenantEngine(customerId);
  await step('allocate-ports', opts, async () => {
    await assertDockerReachable(engine);
    return allocatePorts(engine, customerId);
  });
  const spec = await step('load-spec', opts, () => loadStackSpec(customerId, { layout, images: opts.images }));
  const files: RenderedFiles = await step('render', opts, () => renderTenantFiles(spec.template));
  const labels = { [LABEL_CUSTOMER]: spec.customerId, [LABEL_SUBDOMAIN]: spec.subdomain };
  await step('networks', opts, () => Promise.all([ensureNetwork(engine, spec.network, labels, spec.subnetPool), ensureNetwork(engine, spec.proxyNetwork)]));
  await step('images', opts, () => ensureImages(engine, Object.values(spec.images), opts.onPullProgress));
  // On another host the files go through its engine, written by a helper of the stack's own (now present) Caddy image.
  await step('write-files', opts, () => writeTenantFiles(spec, files, filesOn(engine, spec)));
  // A redeploy keeps the running containers until the new ones have started, and puts them back if they do not.
  const swap = await step('containers', opts, () => prepareSwap(engine, spec));
  await step('start', opts, () => completeSwap(engine, spec, swap));
  const health = await step('health', opts, () => waitForHealthy(engine, spec, opts.healthTimeoutMs ?? 120_000, opts.onHealth));
  await db().deployment.update({
    where: { customerId },
    data: {
      ...deployedImages(spec),
      lastHealth: JSON.stringify(health),
      lastHealthAt: health.checkedAt,
      deployedAt: new Date(),
    },
  });
  return { spec, health };
}
