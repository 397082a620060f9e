/**
 * The messages a page's client components receive: only the namespaces they use, so a page does
 * not carry the whole catalogue in its HTML. Server components read the full catalogue through
 * next-intl's request config either way. `tests/unit/page-messages.test.ts` walks each page's
 * client components and fails when one uses a namespace its page does not ship.
 */
export type Messages = Record<string, unknown>;

/** What the login page's client components (login form, TOTP, SSO, language switcher) use. */
export const PUBLIC_NAMESPACES = ['common', 'login', 'errors', 'totp', 'sso'] as const;

/** The app layout's own client components: navigation bar, toasts. */
export const APP_LAYOUT_NAMESPACES = ['common', 'errors', 'nav', 'roles', 'shell'] as const;

/**
 * Each app page's client components (a dotted name ships one part of a namespace). A page
 * wraps its content in `<PageMessages page="…">` (components/layout/page-messages.tsx).
 */
export const PAGE_NAMESPACES = {
  dashboard: ['common', 'errors', 'dashboard', 'customers', 'backups', 'setup'],
  customer: ['common', 'errors', 'customers', 'jobs', 'logs', 'backups', 'moves', 'ui.validation'],
  newCustomer: ['common', 'errors', 'customers', 'jobs', 'ui.validation'],
  monitoring: ['common', 'errors', 'monitoring'],
  fleet: ['common', 'errors', 'fleet'],
  profile: ['common', 'errors', 'totp'],
  settings: ['common', 'errors', 'settings', 'ssoSettings', 'users', 'tokens', 'audit', 'backups', 'hosts', 'moves', 'notifications', 'roles', 'ui.validation'],
} as const satisfies Record<string, readonly string[]>;
export type AppPage = keyof typeof PAGE_NAMESPACES;

function isMessages(value: unknown): value is Messages {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The named namespaces (or dotted parts of one) that exist, as one catalogue. */
export function pickNamespaces(messages: Messages, namespaces: readonly string[]): Messages {
  const out: Messages = {};
  for (const name of namespaces) {
    const [head, ...rest] = name.split('.');
    const value = messages[head];
    if (value === undefined) continue;
    if (rest.length === 0 || !isMessages(value)) {
      out[head] = value;
      continue;
    }
    const already = out[head];
    // A whole namespace picked before already holds every part of it.
    if (already === value) continue;
    out[head] = { ...(isMessages(already) ? already : {}), ...pickNamespaces(value, [rest.join('.')]) };
  }
  return out;
}
