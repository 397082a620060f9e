/** Lets code that queues a delivery wake the dispatcher without importing it (no cycle). */
const g = globalThis as unknown as { notificationNudge?: () => void };

export function onNudge(listener: () => void): void {
  g.notificationNudge = listener;
}

export function nudgeDispatcher(): void {
  g.notificationNudge?.();
}
