import { DOCS_CONTENT_SECURITY_POLICY } from '@/lib/http/content-security-policy';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>NetBird MSP Appliance — API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/init.js"></script>
</body>
</html>`;

/** Interactive API documentation. Same-origin, so "Try it out" uses the browser session. */
export function GET(): Response {
  return new Response(PAGE, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY } });
}
