import { AppError } from '../errors';
import { globalSingleton } from '../global-singleton';

/**
 * At most `MAX_RUNNING` password hashes at once (each takes ~19 MiB and a core for tens of
 * milliseconds) and at most `MAX_WAITING` queued behind them. A sign-in flood then costs a
 * bounded share of the machine instead of starving every other request; beyond the queue it
 * is refused at once with 429.
 */
const MAX_RUNNING = 2;
const MAX_WAITING = 32;

const g = globalSingleton<{ hashGate?: { running: number; waiting: (() => void)[] } }>('hashGate', () => ({}));
const gate = (g.hashGate ??= { running: 0, waiting: [] });

function acquire(): Promise<void> {
  if (gate.running < MAX_RUNNING) {
    gate.running += 1;
    return Promise.resolve();
  }
  if (gate.waiting.length >= MAX_WAITING) {
    throw new AppError('RATE_LIMITED', 'The appliance is busy checking other sign-ins. Try again in a moment.', { retry_after: 1 }, { 'Retry-After': '1' });
  }
  return new Promise((resolve) => gate.waiting.push(resolve));
}

function release(): void {
  const next = gate.waiting.shift();
  // The slot passes straight to the next waiter; `running` stays the same.
  if (next) next();
  else gate.running -= 1;
}

export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  await acquire();
  try {
    return await work();
  } finally {
    release();
  }
}

export function hashGateLoad(): { running: number; waiting: number } {
  return { running: gate.running, waiting: gate.waiting.length };
}
