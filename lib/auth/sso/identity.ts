/** The parts of an ID token the appliance uses, read defensively: issuers differ in what they send. */
export interface SsoIdentity {
  issuer: string;
  subject: string;
  name: string | null;
  email: string | null;
  preferredUsername: string | null;
}

function text(value: unknown, max = 254): string | null {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;
}

export function identityFromClaims(claims: Record<string, unknown>, fallbackIssuer: string): SsoIdentity | null {
  const subject = text(claims.sub, 255);
  if (!subject) return null;
  const email = text(claims.email);
  // Entra often omits `email`; its `preferred_username` is the sign-in address (UPN).
  const preferred = text(claims.preferred_username) ?? text(claims.upn);
  return {
    issuer: text(claims.iss, 500) ?? fallbackIssuer,
    subject,
    name: text(claims.name, 200),
    email: email ?? (preferred && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(preferred) ? preferred : null),
    preferredUsername: preferred,
  };
}

/** Issuer and subject together identify a person; the subject alone is unique only per issuer. */
export function externalIdOf(identity: Pick<SsoIdentity, 'issuer' | 'subject'>): string {
  return `${identity.issuer}#${identity.subject}`;
}

/** A valid appliance username from what the issuer calls the person. */
export function usernameCandidate(identity: SsoIdentity): string {
  const base = (identity.preferredUsername ?? identity.email ?? `sso-${identity.subject}`)
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 56);
  return base.length >= 2 ? base : `sso-${base || 'user'}`;
}
