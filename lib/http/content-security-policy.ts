/**
 * The pages' Content-Security-Policy. Scripts run only with this response's nonce (Next.js puts
 * it on its own inline and chunk scripts) or when loaded by such a script ('strict-dynamic');
 * no 'unsafe-inline' for scripts, so an injected <script> or on* attribute does not run.
 * Styles allow inline: React-Bootstrap and the charts set style attributes, and a nonce cannot
 * cover attributes. Pure text, shared by proxy.ts and the API docs route.
 */
export function pageContentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The API documentation page loads Swagger UI from our own files and runs no inline script. */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
