/**
 * The messages a page's client components receive: only the namespaces they use, so the
 * login page does not carry the whole catalogue in its HTML. Server components read the full
 * catalogue through next-intl's request config either way.
 */
export type Messages = Record<string, unknown>;

/** What the login page's client components (login form, TOTP, SSO, language switcher) use. */
export const PUBLIC_NAMESPACES = ['common', 'login', 'errors', 'totp', 'sso'] as const;

export function pickNamespaces(messages: Messages, namespaces: readonly string[]): Messages {
  return Object.fromEntries(namespaces.filter((n) => n in messages).map((n) => [n, messages[n]]));
}
