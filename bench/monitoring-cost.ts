/**
 * Monitoring cost alone: resource figures for every tenant container as the sampler gathers
 * them, beside the cgroup-file floor and the former engine-stats gather, and API latency while gathers run.
 *   npx tsx bench/monitoring-cost.ts [--total 500] [--deployed 200] [--concurrency 4] [--seconds 20]
 */
import { measureMonitoring, printMonitoringFigures } from './lib/measure-monitoring';
import { runMain, withPopulation } from './lib/with-population';

runMain(() =>
  withPopulation('Monitoring cost', 'lib/docker/stats in this process against the same engine, while 20 clients load the server.', async ({ app, opts }) => {
    printMonitoringFigures(await measureMonitoring(app, opts.seconds));
  }),
);
