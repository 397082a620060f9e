import { z } from 'zod';
import { SETTINGS, type SettingKey, type Settings } from './schema';

// Pure (no database, no crypto) so the Settings forms validate with the very schema the API uses.
const updateShape = Object.fromEntries(
  Object.entries(SETTINGS)
    .filter(([, def]) => !('internal' in def))
    .map(([key, def]) => [key, def.schema.optional()]),
) as { [K in SettingKey]: z.ZodOptional<(typeof SETTINGS)[K]['schema']> };

/** Partial update schema of the settings API: unknown keys refused. */
export const settingsUpdateSchema = z.strictObject(updateShape);
export type SettingsUpdate = Partial<Settings>;
