import { Transform } from 'node:stream';
import { globalSingleton } from '../global-singleton';

/**
 * While a tenant is frozen for its copy, the other backups on the same host hold their data.
 *
 * A backup run keeps every core busy (restic, the engine's archive processes, this server's
 * data path at its raised priority), and the freeze itself is a chain of short processes on
 * the host (the engine's pause, the copier's `cp`, the unpause) that then wait their turn: the
 * tenant stays frozen the longer. With the other copies' data held for those few hundred
 * milliseconds, their readers and restic go idle and the frozen tenant's copy gets the host.
 * Nothing is lost by it: the held work runs right after, the host is busy either way.
 *
 * Only copies are held (their reading never holds a pause); data streamed from a paused
 * container is never held. A hold never lasts longer than MAX_HOLD_MS, whatever the window.
 */
export const MAX_HOLD_MS = 2_000;

interface Window {
  open: number;
  waiting: Set<() => void>;
}
const windows = globalSingleton('backupPauseWindows', () => new Map<string, Window>());

/** Runs `work` (pause, copy, unpause) as a pause window on `engineId`. */
export async function asPauseWindow<T>(engineId: string, work: () => Promise<T>): Promise<T> {
  let w = windows.get(engineId);
  if (!w) windows.set(engineId, (w = { open: 0, waiting: new Set() }));
  w.open += 1;
  try {
    return await work();
  } finally {
    w.open -= 1;
    if (w.open === 0) {
      windows.delete(engineId);
      for (const go of [...w.waiting]) go();
    }
  }
}

/** Whether a tenant on `engineId` is frozen for its copy right now. */
export function inPauseWindow(engineId: string): boolean {
  return (windows.get(engineId)?.open ?? 0) > 0;
}

/** A pass-through that holds each chunk while a pause window is open on `engineId`. */
export function holdDuringPauses(engineId: string, maxHoldMs = MAX_HOLD_MS): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const w = windows.get(engineId);
      if (!w) return done(null, chunk);
      let passed = false;
      const go = () => {
        if (passed) return;
        passed = true;
        clearTimeout(timer);
        w.waiting.delete(go);
        done(null, chunk);
      };
      const timer = setTimeout(go, maxHoldMs);
      w.waiting.add(go);
    },
  });
}
