import { z } from 'zod';

// Kept apart from password.ts so browser forms can validate without pulling in the argon2 binding.
export const PASSWORD_MIN = 12;
export const passwordSchema = z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(200);
