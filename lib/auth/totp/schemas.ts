import { z } from 'zod';

/** One schema for the confirm and disable steps, shared by the API, the actions and the form. */
export const totpCodeSchema = z.strictObject({
  code: z.string().trim().min(6, 'enter the 6-digit code or a recovery code').max(64),
});
export type TotpCodeInput = z.infer<typeof totpCodeSchema>;

export interface TotpStatus {
  enabled: boolean;
  /** Enrolment started but not confirmed with a code yet. */
  pending: boolean;
  recovery_codes_left: number;
  /** SSO accounts get their second factor from the identity provider. */
  available: boolean;
}

export interface TotpEnrolment {
  secret: string;
  otpauth_uri: string;
  qr_code: string;
}

export interface TotpConfirmation {
  enabled: true;
  recovery_codes: string[];
}
