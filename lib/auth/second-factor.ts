/**
 * Second-factor verification hook for password sign-in. Accounts get a
 * second factor only through enrolment; until an account has one enabled,
 * this is never reached (login checks `totpEnabled` first).
 */
export async function verifySecondFactor(_userId: string, _code: string): Promise<boolean> {
  return false;
}
