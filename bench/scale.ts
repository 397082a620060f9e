/**
 * Measurements 2–6 of the issue on ONE population (deploying 1,000 containers once, not four
 * times): API and dashboard under load, status truth, footprint, per-tenant memory, monitoring cost.
 *   npx tsx bench/scale.ts [--total 500] [--deployed 200] [--concurrency 4] [--seconds 30]
 */
import { rssBytes } from './lib/appliance';
import { measureApi, printApiFigures } from './lib/measure-api';
import { applianceImage, measureTenant, printTenantFootprint } from './lib/measure-footprint';
import { measureMonitoring, printMonitoringFigures } from './lib/measure-monitoring';
import { measureFullSync, measureKillToError, measureListLag, printStatusFigures } from './lib/measure-status';
import { formatBytes, printTable } from './lib/report';
import { runMain, withPopulation } from './lib/with-population';

runMain(() =>
  withPopulation('MSP scale', 'The built appliance on loopback with a fake NPM; load from autocannon in this process.', async ({ app, pop, opts, rssFresh, hostBytesPerTenant }) => {
    const api = await measureApi(app, opts.seconds);
    printApiFigures(api, opts.total, pop.active * 5, opts.seconds);
    const sync = await measureFullSync(app);
    const killToError = await measureKillToError(app, pop.deployedIds, pop.deployedSubdomains);
    const listLag = await measureListLag(pop.deployedSubdomains[1 % pop.deployedSubdomains.length]);
    printStatusFigures({ ...sync, killToError, listLag });
    printTable('Appliance footprint', ['measure', 'value', 'target'], [
      ['server.js RSS right after start (no customers)', formatBytes(rssFresh), '< 250 MB'],
      [`server.js RSS idle (${opts.total} customers, ${pop.active * 5} containers)`, formatBytes(api.rssIdle), '< 250 MB'],
      ['server.js RSS peak under the load above', formatBytes(api.rssPeak), '< 250 MB'],
      ['server.js RSS now', formatBytes(rssBytes(app.serverPid)), ''],
      ['appliance image', applianceImage(), ''],
    ]);
    printTenantFootprint(await measureTenant(pop.deployedIds[0]), 512, hostBytesPerTenant);
    printMonitoringFigures(await measureMonitoring(app, Math.min(20, opts.seconds), api.api));
  }),
);
