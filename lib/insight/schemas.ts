import { z } from 'zod';

/**
 * A NetBird personal access token as NetBird makes them (`nbp_` and letters and digits), pasted
 * for a tenant whose owner the customer set up. Pure: the customer page's form checks the same.
 */
export const setNetbirdTokenSchema = z.strictObject({
  token: z
    .string()
    .trim()
    .regex(/^nbp_[A-Za-z0-9]{20,120}$/, 'must be a NetBird personal access token (nbp_…)'),
});
export type SetNetbirdTokenInput = z.infer<typeof setNetbirdTokenSchema>;
