import type { ChurnFigures } from './soak-churn';
import { p95, type EndpointWindow } from './soak-load';
import { formatBytes, formatMs, printTable } from './report';
import type { ServerFigures } from './soak-server';

export interface MinuteRow extends ServerFigures {
  minute: number;
  windows: Map<string, EndpointWindow>;
  /** The server process's CPU over the minute, in % of one core (NaN: it was replaced). */
  cpuPercent: number;
  rssMax: number;
  heapMax: number;
  heapLimit: number;
  exits: number;
  /** The whole machine's CPU over the minute, % of all cores, and the 1-minute load average at its end. */
  machineCpuPercent: number;
  load: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** A minute in which no health read answered has no heap figure: n/a, not a misleading 0. */
const heapText = (bytes: number) => (bytes > 0 ? formatBytes(bytes) : 'n/a');
/** The server's own handling time is bucketed: the p95 is known as "at most" a bucket's bound. */
const handledText = (ms: number) => (ms === Infinity ? '> 10 s' : Number.isFinite(ms) ? `≤ ${formatMs(ms)}` : 'n/a');
const cpuText = (pct: number) => (Number.isFinite(pct) ? `${pct.toFixed(0)} %` : 'n/a');

export function printMinute(row: MinuteRow, seconds: number, label = `minute ${row.minute}`): void {
  const rows = [...row.windows].map(([name, w]) => [name, (w.times.length / seconds).toFixed(1), formatMs(p95(w)), formatMs(p95({ ...w, times: w.sent })), w.server, w.failed, w.client]);
  printTable(`${label}: server CPU ${cpuText(row.cpuPercent)}, machine CPU ${cpuText(row.machineCpuPercent)} (load ${row.load.toFixed(1)}), event loop p99 ${formatMs(row.loopP99Ms)} max ${formatMs(row.loopMaxMs)}, list handled p95 ${handledText(row.handledP95Ms)}, RSS ${formatBytes(row.rssMax)} (max), heap ${heapText(row.heapMax)} of ${formatBytes(row.heapLimit)}, server exits so far ${row.exits}`, ['endpoint', 'req/s', 'p95', 'p95 from send', '5xx', 'no answer', '4xx'], rows);
}

/** Least-squares slope of y over x (per unit of x). */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = sum(points.map((p) => p[0])) / n;
  const my = sum(points.map((p) => p[1])) / n;
  const num = sum(points.map(([x, y]) => (x - mx) * (y - my)));
  const den = sum(points.map(([x]) => (x - mx) ** 2));
  return den ? num / den : 0;
}

/**
 * The whole run as one table (the README's Performance table) and the verdict on each target:
 * zero server exits, zero 5xx, RSS flat over the last 10 minutes, p95 within 1.5× of minute 1.
 */
export function printSoakSummary(rows: MinuteRow[], groups: Record<string, string[]>, churn: ChurnFigures, streams: { reopened: number; cut: string[]; bytes: number }): boolean {
  const groupP95 = (row: MinuteRow, names: string[], from: 'times' | 'sent' = 'times') => {
    const times = names.flatMap((n) => row.windows.get(n)?.[from] ?? []);
    return p95({ times, sent: [], server: 0, client: 0, failed: 0 });
  };
  const headers = ['min', 'req/s', ...Object.keys(groups).map((g) => `p95 ${g}`), 'p95 API from send', 'list handled p95', 'loop p99 / max', 'server CPU', 'machine CPU', 'RSS max', 'heap max', '5xx', 'no answer', 'exits'];
  printTable('Soak: per minute', headers, rows.map((r) => {
    const ws = [...r.windows.values()];
    return [r.minute, (sum(ws.map((w) => w.times.length)) / 60).toFixed(0), ...Object.values(groups).map((names) => formatMs(groupP95(r, names))), formatMs(groupP95(r, groups.API ?? [], 'sent')), handledText(r.handledP95Ms), `${formatMs(r.loopP99Ms)} / ${formatMs(r.loopMaxMs)}`, cpuText(r.cpuPercent), cpuText(r.machineCpuPercent), formatBytes(r.rssMax), heapText(r.heapMax), sum(ws.map((w) => w.server)), sum(ws.map((w) => w.failed)), r.exits];
  }));
  const last = rows.slice(-10);
  const rssSlope = slope(last.map((r) => [r.minute, r.rssMax / 1024 / 1024]));
  const first = rows[0];
  const p95Ratios = Object.entries(groups).map(([g, names]) => {
    const base = groupP95(first, names);
    const worst = Math.max(...rows.slice(1).map((r) => groupP95(r, names)).filter(Number.isFinite));
    return { g, ratio: worst / base };
  });
  const server5xx = sum(rows.flatMap((r) => [...r.windows.values()].map((w) => w.server)));
  const exits = rows.at(-1)?.exits ?? 0;
  const deploys = churn.deploys;
  const active = deploys.filter((d) => d.state === 'active').length;
  const verdicts: [string, boolean, string][] = [
    ['zero server exits', exits === 0, String(exits)],
    ['zero 5xx', server5xx === 0, String(server5xx)],
    ['RSS flat over the last 10 minutes', Math.abs(rssSlope) < 1, `${rssSlope.toFixed(2)} MiB/min`],
    ...p95Ratios.map(({ g, ratio }): [string, boolean, string] => [`p95 ${g} within 1.5× of minute 1`, ratio <= 1.5, `worst ${ratio.toFixed(2)}×`]),
    ['every deploy reached active', active === deploys.length, `${active}/${deploys.length}`],
  ];
  printTable('Soak: targets', ['target', 'met', 'measured'], verdicts.map(([t, ok, m]) => [t, ok ? 'yes' : 'NO', m]));
  const failed = deploys.filter((d) => d.state !== 'active');
  if (failed.length) console.log(`deploys not active: ${failed.map((d) => `${d.subdomain} ${d.state}${d.reason ? `: ${d.reason}` : ''}`).join('; ')}`);
  const times = deploys.flatMap((d) => (d.activeAfterMs ? [d.activeAfterMs] : []));
  console.log(`deploys ${deploys.length} (active ${active}, median time to active ${formatMs(times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN)}), deletes ${churn.deletes}${churn.deleteRefusals.length ? ` (refused: ${churn.deleteRefusals.join(', ')})` : ''}`);
  console.log(`docker kills ${churn.kills.length}${churn.killFailures.length ? ` (not done: ${churn.killFailures.join(', ')})` : ''}; streams reopened ${streams.reopened}, ${formatBytes(streams.bytes)} streamed; cut by an error after their answer: ${streams.cut.length}${streams.cut.length ? ` (${streams.cut.join('; ')})` : ''}`);
  return verdicts.every(([, ok]) => ok);
}
