import { z } from 'zod';
import { PERMISSIONS, type Permission } from './permissions';

// Pure (no database, no crypto) so the token form validates in the browser with the API's schema.
export const createApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(PERMISSIONS)).min(1).optional(),
  expires_in_days: z.number().int().min(1).max(3650).nullable().optional(),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: Permission[];
  expires_at: string | null;
  last_used_at: string | null;
  created_at: string;
}
