/**
 * Status truth alone: `docker kill` of one container until the API says `error`, the duration
 * of one full sync (one list call plus the database), and how long the engine's list lags its
 * own `die` event.
 *   npx tsx bench/status-sync.ts [--total 500] [--deployed 200] [--concurrency 4]
 */
import { measureFullSync, measureKillToError, measureListLag, printStatusFigures } from './lib/measure-status';
import { runMain, withPopulation } from './lib/with-population';

runMain(() =>
  withPopulation('Status truth', 'kill rounds poll GET /api/customers/{id} every 50 ms; the sync runs lib/status in this process against the server\'s database.', async ({ app, pop }) => {
    const sync = await measureFullSync(app);
    const killToError = await measureKillToError(app, pop.deployedIds, pop.deployedSubdomains);
    const listLag = await measureListLag(pop.deployedSubdomains[1 % pop.deployedSubdomains.length]);
    printStatusFigures({ ...sync, killToError, listLag });
  }),
);
