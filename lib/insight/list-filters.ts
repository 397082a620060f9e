import { z } from 'zod';

/**
 * The customer list's NetBird filters (query parameters of GET /api/customers and the list's
 * selects). Each is `true`/`false`; absent means "either".
 */
const flag = z.enum(['true', 'false']).optional();

export const insightFilterShape = {
  /** true: at least one peer connected at the last read; false: none (or never read). */
  peers_online: flag,
  /** true: more peers than max_devices at the last read. */
  over_devices: flag,
  /** true: NetBird reported a newer management release at the last read. */
  update_available: flag,
};

export type InsightFilters = { [K in keyof typeof insightFilterShape]?: 'true' | 'false' };

export const INSIGHT_FILTER_KEYS = Object.keys(insightFilterShape) as (keyof InsightFilters)[];
