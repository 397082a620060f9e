/**
 * Runs the fake Nginx Proxy Manager standalone for end-to-end tests and benchmarks:
 *   npx tsx scripts/fake-npm.ts --port 8181 --email admin@example.com --password secret [--host 0.0.0.0] [--cert-delay-ms 0]
 * Prints its base URL (set npm_api_url to it) and runs until interrupted.
 */
import { parseArgs } from 'node:util';
import { startFakeNpm } from '../tests/fakes/fake-npm';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8181' },
    host: { type: 'string', default: '127.0.0.1' },
    email: { type: 'string', default: 'admin@example.com' },
    password: { type: 'string' },
    'cert-delay-ms': { type: 'string', default: '0' },
  },
});

if (!values.password) {
  process.stderr.write('fake-npm: --password is required (the automation user\'s password the appliance will use)\n');
  process.exit(2);
}

const fake = await startFakeNpm({
  port: Number(values.port),
  host: values.host,
  email: values.email,
  password: values.password,
  certificateDelayMs: Number(values['cert-delay-ms']),
});
process.stdout.write(`${fake.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    fake.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`fake-npm: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  });
}
