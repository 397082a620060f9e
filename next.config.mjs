import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');
const distDir = process.env.NEXT_DIST_DIR || '.next';
// The other build folder (the operator's .next beside a test build, or the reverse) is no part
// of this server; scripts/prune-standalone.mjs removes whatever still slips in.
const otherBuilds = distDir === '.next' ? ['./.next-*/**'] : ['./.next/**'];

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  // A separate build folder per checkout user lets parallel builds and test runs coexist.
  distDir,
  poweredByHeader: false,
  // Type checking runs as its own step of the test command (npm run typecheck), once, over the whole tree.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ['dockerode', 'better-sqlite3', '@node-rs/argon2', 'ssh2', 'cpu-features'],
  // Code that reads files relative to the working directory makes the tracer pull in the
  // whole project; keep test output, fixtures and other build folders out of the server bundle.
  outputFileTracingExcludes: {
    '**': ['./test-results/**', './playwright-report/**', './e2e/**', './tests/**', './bench/**', './data/**', './standins/**', './.git/**', ...otherBuilds],
  },
  outputFileTracingIncludes: {
    '/**': ['./prisma/migrations/**/*', './templates/**/*', './node_modules/swagger-ui-dist/swagger-ui*', './messages/*.json'],
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
