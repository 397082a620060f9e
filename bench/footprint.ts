/**
 * Footprint alone: the appliance's memory (server.js VmRSS) fresh, idle with the population
 * and under API load; the image size; one tenant's memory with the host processes Docker adds.
 *   npx tsx bench/footprint.ts [--total 500] [--deployed 200] [--concurrency 4] [--seconds 30]
 */
import { rssBytes } from './lib/appliance';
import { measureApi } from './lib/measure-api';
import { applianceImage, measureTenant, printTenantFootprint } from './lib/measure-footprint';
import { formatBytes, printTable } from './lib/report';
import { runMain, withPopulation } from './lib/with-population';

runMain(() =>
  withPopulation('Footprint', 'VmRSS from /proc/<server.js pid>/status, sampled every 250 ms under load.', async ({ app, pop, opts, rssFresh, hostBytesPerTenant }) => {
    const api = await measureApi(app, opts.seconds);
    printTable('Appliance footprint', ['measure', 'value', 'target'], [
      ['server.js RSS right after start (no customers)', formatBytes(rssFresh), '< 250 MB'],
      [`server.js RSS idle (${opts.total} customers, ${opts.deployed * 5} containers)`, formatBytes(api.rssIdle), '< 250 MB'],
      ['server.js RSS peak under API and page load', formatBytes(api.rssPeak), '< 250 MB'],
      ['server.js RSS after the load', formatBytes(rssBytes(app.serverPid)), ''],
      ['appliance image', applianceImage(), ''],
    ]);
    printTenantFootprint(await measureTenant(pop.deployedIds[0]), 512, hostBytesPerTenant);
  }),
);
