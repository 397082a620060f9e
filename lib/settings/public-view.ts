import { z } from 'zod';
import { INTERNAL_MASK, SECRET_MASK, settingsSchema, type SecretSettingKey } from './schema';

// Pure: the API answer's schema, also the client's type of it and the OpenAPI response.
const secretFlags: Record<`${SecretSettingKey}_set`, z.ZodBoolean> = {
  npm_api_password_set: z.boolean(),
  sso_client_secret_set: z.boolean(),
};

/**
 * GET /api/settings: every setting but the internal ones, secrets only as `<key>_set`, plus the
 * values in force where a setting may be left empty. Parsing with it drops any key it does not
 * name, so a secret cannot reach a client by being forgotten here.
 */
export const publicSettingsSchema = settingsSchema
  .omit({ ...SECRET_MASK, ...INTERNAL_MASK })
  .extend(secretFlags)
  .extend({
    effective_data_dir: z.string(),
    effective_docker_network: z.string(),
    effective_forward_host: z.string(),
    effective_listen_addresses: z.array(z.string()),
    effective_listen_every_interface: z.boolean(),
  });
export type PublicSettings = z.output<typeof publicSettingsSchema>;
/** The keys a Settings form may edit: what the view shows, and the secrets (write-only). */
export type EditableSettingKey = Exclude<keyof PublicSettings, `${SecretSettingKey}_set` | `effective_${string}`> | SecretSettingKey;
