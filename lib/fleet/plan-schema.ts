import { z } from 'zod';
import { imageSetSchema } from './image-set';
import { LAYOUTS } from '../netbird/layout';

/**
 * An upgrade plan as the API, the plan editor and the dry run take it. Tenants: every deployed
 * one that is behind the target, narrowed by the filters given; tenants pinned by a person are
 * never included (their pin is the operator's word); a pin an earlier plan set to its target is
 * no such word, and those tenants may be moved on.
 */
const hostLabel = z.string().trim().min(1).max(40);

export const PLAN_KINDS = ['upgrade', 'migrate'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const planSchema = z.object({
  /** `upgrade`: new images per tenant. `migrate`: classic → combined layout (the migrate job) per tenant. */
  kind: z.enum(PLAN_KINDS).default('upgrade'),
  /**
   * Explicit target images; without them, the fleet default (the image settings). Each tenant gets
   * the images of its own layout: classic tenants management/signal/relay/dashboard/caddy, combined
   * tenants server/dashboard/caddy; a target that names only one layout's images leaves the other
   * layout's tenants out. Not for a migration.
   */
  images: imageSetSchema.optional(),
  customer_ids: z.array(z.string().min(1).max(64)).min(1).max(5000).optional(),
  /** Only tenants whose running version is this one. */
  from_version: z.string().trim().min(1).max(128).optional(),
  /** Only tenants whose subdomain starts with this. */
  subdomain_prefix: z.string().trim().min(1).max(63).optional(),
  /** Only tenants on these Docker hosts. */
  host_ids: z.array(z.string().trim().min(1).max(64)).min(1).max(100).optional(),
  /** Only tenants on hosts that carry every one of these host labels. */
  host_labels: z.array(hostLabel).min(1).max(20).optional(),
  /** Only tenants of this layout (an operator who wants one layout at a time). */
  layout: z.enum(LAYOUTS).optional(),
  /** Tenants to go first, alone, as the canary wave; else the first `canary` of the selection. */
  canary_ids: z.array(z.string().min(1).max(64)).max(50).optional(),
  canary: z.number().int().min(0).max(50).default(1),
  wave_size: z.number().int().min(1).max(500).default(5),
  parallel: z.number().int().min(1).max(20).default(2),
  soak_seconds: z.number().int().min(0).max(24 * 3600).default(60),
  failure_budget: z.number().int().min(1).max(1000).default(1),
  peer_fraction: z.number().min(0).max(1).default(0.8),
  peer_timeout_seconds: z.number().int().min(5).max(3600).default(120),
  dry_run: z.boolean().default(false),
}).superRefine((plan, ctx) => {
  // A migration keeps each tenant's images (its pin or the default) and moves it onto the server image.
  if (plan.kind === 'migrate' && plan.images) ctx.addIssue({ code: 'custom', path: ['images'], message: 'a layout migration keeps the images; leave images out' });
});
export type PlanInput = z.infer<typeof planSchema>;

export const planActionSchema = z.object({ action: z.enum(['pause', 'resume', 'abort']) });
export type PlanAction = z.infer<typeof planActionSchema>['action'];

export const pinSchema = z.object({ images: imageSetSchema, note: z.string().trim().max(500).optional() });
export type PinInput = z.infer<typeof pinSchema>;

/**
 * Waves in order: the canary tenants alone (wave 0, when there are any), then the rest in
 * waves of `waveSize`. The order within the selection is kept.
 */
export function planWaves(ids: string[], canaryIds: string[], waveSize: number): string[][] {
  const canary = ids.filter((id) => canaryIds.includes(id));
  const rest = ids.filter((id) => !canaryIds.includes(id));
  const waves: string[][] = canary.length ? [canary] : [];
  for (let i = 0; i < rest.length; i += waveSize) waves.push(rest.slice(i, i + waveSize));
  return waves;
}
