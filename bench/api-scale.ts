/**
 * API at scale alone: GET /api/customers?per_page=100 and the dashboard page under 20 clients,
 * with the server's memory idle and under that load.
 *   npx tsx bench/api-scale.ts [--total 500] [--deployed 200] [--concurrency 4] [--seconds 30]
 * (bench/scale.ts runs this together with the other scale measurements on one population.)
 */
import { measureApi, printApiFigures } from './lib/measure-api';
import { runMain, withPopulation } from './lib/with-population';

runMain(() =>
  withPopulation('API at scale', 'autocannon in this process, 20 connections, after 3 s of uncounted warm-up per endpoint.', async ({ app, opts }) => {
    printApiFigures(await measureApi(app, opts.seconds), opts.total, opts.deployed * 5, opts.seconds);
  }),
);
