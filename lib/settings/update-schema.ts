import { z } from 'zod';
import { INTERNAL_MASK, settingsSchema, type Settings } from './schema';

// Pure (no database, no crypto) so the Settings forms validate with the very schema the API uses.
/** Partial update schema of the settings API: internal keys and unknown keys refused. */
export const settingsUpdateSchema = z.strictObject(settingsSchema.omit(INTERNAL_MASK).partial().shape);
export type SettingsUpdate = Partial<Settings>;
