import { globalSingleton } from '../global-singleton';

/** Lets code that queues a delivery wake the dispatcher without importing it (no cycle). */
const g = globalSingleton<{ notificationNudge?: () => void }>('notificationNudge', () => ({}));

export function onNudge(listener: () => void): void {
  g.notificationNudge = listener;
}

export function nudgeDispatcher(): void {
  g.notificationNudge?.();
}
