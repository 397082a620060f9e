/**
 * Soak: the appliance under a busy MSP's mixed load for --minutes (default 20) with 500
 * customers, 20 of them deployed: API lists, the endpoints the dashboard polls, page renders,
 * two log follows and an SSE stream at once; a deploy and a delete every 30 s; a `docker kill`
 * of a tenant container every minute. Prints a table per minute (throughput, p95 per endpoint,
 * the server's CPU, RSS and heap, errors) and the verdict on the targets: zero server exits,
 * zero 5xx, RSS flat over the last 10 minutes, p95 within 1.5× of the first minute, every
 * deploy active.
 *
 * The clients are paced (PACE below: a steady, busy load, about 23 requests/s, each request sent
 * when due even if the one before is still open): a soak asks whether the same load is served
 * as well in minute 20 as in minute 1, and that is only visible below saturation. Back to back
 * (--closed), the server's one thread is always busy, p95 is the length of its queue, and it
 * swings with every neighbour on the machine. --warmup minutes (default 1) of the same load and
 * churn come first and are printed but not counted.
 *   npx tsx bench/soak.ts [--minutes 20] [--warmup 1] [--total 500] [--deployed 20] [--concurrency 4] [--closed]
 */
import os from 'node:os';
import { ADMIN_PASSWORD, cpuSeconds, niceOf, rssBytes } from './lib/appliance';
import { sessionCookie } from './lib/load';
import { startChurn } from './lib/soak-churn';
import { followStream, requestLoop, settleClients, Windows, type Target } from './lib/soak-load';
import { printMinute, printSoakSummary, type MinuteRow } from './lib/soak-report';
import { loadAverage, MachineCpu, ServerWatch } from './lib/soak-server';
import { runMain, withPopulation } from './lib/with-population';

const SAMPLE_MS = 5_000;
/** Each client's interval when paced: 3 API clients at 5/s, 3 dashboards polling at 2/s, 3 page viewers at one page per 1.5 s. */
const PACE = { api: 200, polled: 500, pages: 1500 };

/**
 * The clients stand in for browsers on other machines, which do not share a CPU with the host's
 * dockerd. So once the server runs, this process takes the niceness the supervisor gave it; at 0
 * its sends and reads were late by up to 0.4 s in the busy minutes, counted as the server's time.
 */
function matchServerPriority(serverPid: number): string {
  const nice = niceOf(serverPid);
  if (!Number.isFinite(nice)) return 'normal priority (the server\'s niceness unreadable)';
  try {
    os.setPriority(nice);
    return `niceness ${nice}, as the server`;
  } catch {
    return `normal priority (niceness ${nice} refused: not root)`;
  }
}

runMain(() =>
  withPopulation(
    'Soak',
    `Clients in this process: 3 API list loops, 3 loops over the endpoints the dashboard polls, 3 page loops (session cookie), 2 log follows, 1 SSE event stream; ${process.argv.includes('--closed') ? 'all back to back (--closed)' : `paced: a request every ${PACE.api} ms per API client, ${PACE.polled} ms per polling client, ${PACE.pages} ms per page client, each sent when due (at most 6 open per client) and timed from then`}; clients at the server's niceness (printed below); churn as described in bench/soak.ts.`,
    async ({ app, pop, opts }) => {
      console.log(`clients: ${matchServerPriority(app.serverPid)}`);
      const token = (await app.admin.login('admin', ADMIN_PASSWORD)).token as string;
      const bearer = { Authorization: `Bearer ${token}` };
      const cookie = { Cookie: await sessionCookie(app.url, 'admin', ADMIN_PASSWORD) };
      const [a, b] = pop.deployedIds;
      const api: Target[] = [{ name: 'GET /api/customers', path: '/api/customers?per_page=100' }];
      const polled: Target[] = [
        { name: 'GET /api/customers/:id', path: `/api/customers/${a}` },
        { name: 'GET /api/customers/:id/jobs', path: `/api/customers/${a}/jobs` },
        { name: 'GET /api/customers/:id/stats', path: `/api/customers/${b}/stats` },
        { name: 'GET /api/monitoring/host', path: '/api/monitoring/host' },
        { name: 'GET /api/monitoring/customers', path: '/api/monitoring/customers?per_page=100&sort=memory' },
      ];
      const pages: Target[] = [
        { name: 'page /', path: '/' },
        { name: 'page /customers/:id', path: `/customers/${a}` },
        { name: 'page /monitoring', path: '/monitoring' },
      ];
      const groups = { API: api.map((t) => t.name), polled: polled.map((t) => t.name), pages: pages.map((t) => t.name) };
      const windows = new Windows();
      const stop = new AbortController();
      const streams = { reopened: 0, cut: [] as string[], bytes: 0 };
      const clients: Record<string, Promise<void>> = {};
      [0, 1, 2].forEach((i) => {
        const every = (ms: number) => (opts.closed ? undefined : ms);
        clients[`api ${i}`] = requestLoop(app.url, api, bearer, windows, stop.signal, every(PACE.api));
        clients[`polled ${i}`] = requestLoop(app.url, [...polled.slice(i), ...polled.slice(0, i)], bearer, windows, stop.signal, every(PACE.polled));
        clients[`pages ${i}`] = requestLoop(app.url, [...pages.slice(i), ...pages.slice(0, i)], cookie, windows, stop.signal, every(PACE.pages));
      });
      clients['log follow a'] = followStream(app.url, { name: 'log follow', path: `/api/customers/${a}/logs?follow=true` }, bearer, windows, stop.signal, streams);
      clients['log follow b'] = followStream(app.url, { name: 'log follow', path: `/api/customers/${b}/logs?follow=true` }, bearer, windows, stop.signal, streams);
      clients['SSE'] = followStream(app.url, { name: 'SSE events', path: `/api/customers/${a}/events` }, bearer, windows, stop.signal, streams);
      const churn = startChurn(app, pop.deployedSubdomains);
      const rows: MinuteRow[] = [];
      const server = new ServerWatch(app.url, bearer, '/api/customers');
      await server.minute();
      const machine = new MachineCpu();
      let rssMax = 0;
      let heapMax = 0;
      let heapLimit = Number.NaN;
      const sample = async () => {
        const rss = rssBytes(app.serverPid);
        if (Number.isFinite(rss)) rssMax = Math.max(rssMax, rss);
        const health = await fetch(`${app.url}/api/health`, { headers: bearer, signal: AbortSignal.timeout(5000) })
          .then((r) => r.json() as Promise<{ process?: { heap_used_bytes: number; heap_limit_bytes: number } }>)
          .catch(() => undefined);
        if (health?.process) {
          heapMax = Math.max(heapMax, health.process.heap_used_bytes);
          heapLimit = health.process.heap_limit_bytes;
        }
        await churn.poll().catch((err: unknown) => console.error(`soak poll: ${err instanceof Error ? err.message : String(err)}`));
      };
      const measureMinute = async (minute: number): Promise<MinuteRow> => {
        const end = Date.now() + 60_000;
        const cpuBefore = cpuSeconds(app.serverPid);
        while (Date.now() < end) {
          await new Promise((r) => setTimeout(r, Math.min(SAMPLE_MS, Math.max(0, end - Date.now()))));
          await sample();
        }
        const figures = { machineCpuPercent: machine.percent(), load: loadAverage(), ...(await server.minute()) };
        const row = { minute, windows: windows.rotate(), cpuPercent: ((cpuSeconds(app.serverPid) - cpuBefore) / 60) * 100, rssMax, heapMax, heapLimit, exits: app.serverExits().length, ...figures };
        rssMax = 0;
        heapMax = 0;
        return row;
      };
      try {
        // The same load and churn run before minute 1 so that the baseline is a minute like the
        // others: not the server's first renders, nor the first deploy and kill landing together.
        for (let w = 1; w <= opts.warmup; w++) printMinute(await measureMinute(w - opts.warmup), 60, `warm-up minute ${w} of ${opts.warmup}, not counted`);
        for (let minute = 1; minute <= opts.minutes; minute++) {
          const row = await measureMinute(minute);
          rows.push(row);
          printMinute(row, 60);
        }
      } finally {
        churn.stop();
        stop.abort();
        await settleClients(clients);
      }
      // The last deploys get up to three minutes to finish before the verdict.
      const deadline = Date.now() + 180_000;
      console.log('load stopped; waiting for the last deploys to finish (at most 3 minutes)');
      while (churn.figures.deploys.some((d) => d.state === 'deploying') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 3000));
        await churn.poll();
      }
      const ok = printSoakSummary(rows, groups, churn.figures, streams);
      if (app.serverExits().length) console.log(`server exits:\n${app.serverExits().join('\n')}`);
      // A 5xx or a cut answer is named by the server's own error lines.
      if (app.serverErrors().length) console.log(`server error lines (${app.serverErrors().length}):\n${app.serverErrors().slice(0, 20).join('\n')}`);
      if (!ok) process.exitCode = 1;
    },
    { deployed: 20 },
  ),
);
