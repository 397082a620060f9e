import v8 from 'node:v8';
import { log } from '../log';
import { globalSingleton } from '../global-singleton';

const HEAP_WARN_RATIO = 0.9;
const HEAP_CHECK_MS = 5_000;
const HEAP_WARN_EVERY_MS = 60_000;

const state = globalSingleton<{ fatalHandlersInstalled?: boolean }>('fatalHandlersInstalled', () => ({}));

function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { error: err.message, name: err.name, stack: err.stack };
  return { error: String(err) };
}

/**
 * Makes every death and near-death of the server say why, in the one log format:
 * uncaught exceptions and unhandled rejections with their stack (Next.js logs them as plain
 * text and keeps serving), the exit code when the process ends, and a warning while the heap
 * is close to its limit — a heap-limit abort itself runs no JavaScript, so this warning and
 * the supervisor's exit report (V8's last words) are what name that cause.
 */
export function installFatalErrorLogging(): void {
  if (state.fatalHandlersInstalled) return;
  state.fatalHandlersInstalled = true;
  process.on('uncaughtException', (err, origin) => log.error('uncaught exception', { origin, ...describe(err) }));
  process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection', describe(reason)));
  process.on('exit', (code) => {
    // 143 is the exit of a requested stop (SIGTERM); anything else is worth an error line.
    const fields = { code, uptime_seconds: Math.round(process.uptime()) };
    if (code === 0 || code === 143) log.info('server process exiting', fields);
    else log.error('server process exiting', fields);
  });
  let lastWarn = 0;
  const timer = setInterval(() => {
    const heap = v8.getHeapStatistics();
    const ratio = heap.used_heap_size / heap.heap_size_limit;
    if (ratio < HEAP_WARN_RATIO || Date.now() - lastWarn < HEAP_WARN_EVERY_MS) return;
    lastWarn = Date.now();
    log.warn('heap close to its limit', { heap_used_bytes: heap.used_heap_size, heap_limit_bytes: heap.heap_size_limit, rss_bytes: process.memoryUsage.rss() });
  }, HEAP_CHECK_MS);
  timer.unref();
}
