import { formatMs } from './report';
import { loadAverage, MachineCpu } from './soak-server';

/** "Quiet": the whole machine below this share of its CPU over a 10 s window. */
export const QUIET_PERCENT = 30;

/**
 * Waits until the machine's CPU, over 10 s windows, is below QUIET_PERCENT (the engines have
 * finished starting a population) or `maxMinutes` have passed. Says which, with the figures, so
 * a run measured on a busy machine is never taken for a quiet one.
 */
export async function settle(maxMinutes: number, signal: AbortSignal): Promise<string> {
  const cpu = new MachineCpu();
  const started = performance.now();
  const windows: number[] = [];
  while (performance.now() - started < maxMinutes * 60_000) {
    await new Promise((r) => setTimeout(r, 10_000));
    signal.throwIfAborted();
    windows.push(cpu.percent());
    if (windows[windows.length - 1] < QUIET_PERCENT) break;
  }
  const last = windows[windows.length - 1] ?? Number.NaN;
  const how = last < QUIET_PERCENT ? 'quiet' : `NOT QUIET (still ${last.toFixed(0)} % busy)`;
  return `${how} after ${formatMs(performance.now() - started)} (machine CPU per 10 s: ${windows.map((w) => `${w.toFixed(0)} %`).join(', ')}; load average ${loadAverage().toFixed(1)})`;
}
