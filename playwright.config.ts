import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 8311);
// The setup checklist is about a fresh appliance, so its spec gets one of its own: the other
// specs configure a base domain, NPM and images on the shared one.
const FRESH_PORT = PORT + 1;
const FRESH_SPECS = /setup-checklist\.spec\.ts/;

export default defineConfig({
  testDir: 'e2e',
  // Parallel runs (e.g. by different people on one machine) can each keep their own results.
  outputDir: process.env.PW_OUTPUT_DIR ?? 'test-results',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'appliance', testIgnore: FRESH_SPECS },
    { name: 'fresh-appliance', testMatch: FRESH_SPECS, use: { baseURL: `http://127.0.0.1:${FRESH_PORT}` } },
  ],
  webServer: [PORT, FRESH_PORT].map((port) => ({
    command: `bash e2e/serve.sh ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 90_000,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  })),
});
