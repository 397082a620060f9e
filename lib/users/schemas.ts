import { z } from 'zod';
import { passwordSchema } from '../auth/password-schema';
import { ROLES } from '../auth/permissions';

export const LANGUAGES = ['en', 'de'] as const;

const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._@-]*$/, 'may contain only letters, digits, dot, underscore, @ and hyphen');

export const createUserSchema = z.strictObject({
  username,
  email: z.string().trim().email().max(254).nullable().optional(),
  password: passwordSchema,
  role: z.enum(ROLES).default('viewer'),
  language: z.enum(LANGUAGES).nullable().optional(),
  disabled: z.boolean().optional(),
});

export const updateUserSchema = z
  .strictObject({
    username: username.optional(),
    email: z.string().trim().email().max(254).nullable().optional(),
    password: passwordSchema.optional(),
    role: z.enum(ROLES).optional(),
    language: z.enum(LANGUAGES).nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' });

/** What a user may change about themselves (no role, no disabled flag). */
export const updateProfileSchema = z.strictObject({
  email: z.string().trim().email().max(254).nullable().optional(),
  language: z.enum(LANGUAGES).nullable().optional(),
  theme: z.enum(['light', 'dark']).nullable().optional(),
  current_password: z.string().max(200).optional(),
  password: passwordSchema.optional(),
});

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

export interface UserView {
  id: string;
  username: string;
  email: string | null;
  role: string;
  language: string | null;
  theme: string | null;
  auth_provider: string;
  disabled: boolean;
  totp_enabled: boolean;
  last_login_at: string | null;
  created_at: string;
}

type UserRow = {
  id: string; username: string; email: string | null; role: string; language: string | null; theme: string | null;
  authProvider: string; disabled: boolean; totpEnabled: boolean; lastLoginAt: Date | null; createdAt: Date;
};

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    role: u.role,
    language: u.language,
    theme: u.theme,
    auth_provider: u.authProvider,
    disabled: u.disabled,
    totp_enabled: u.totpEnabled,
    last_login_at: u.lastLoginAt?.toISOString() ?? null,
    created_at: u.createdAt.toISOString(),
  };
}
