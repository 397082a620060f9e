/**
 * One tenant at a time per engine is frozen for its data read. Concurrent backups used to pause
 * several tenants at once, and each read then shared the engine (and the CPU) with the others
 * and with restic, so every pause lasted as long as the slowest of them together: 5 s per tenant
 * against 1.8 s for the bare reads at 50 tenants × 20 MB. In a queue, a tenant waits unfrozen
 * and is frozen only while the engine sends its own files.
 */
const tails = new Map<string, Promise<void>>();

export async function acquireFreezeSlot(engineId: string): Promise<() => void> {
  const previous = tails.get(engineId) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  tails.set(engineId, tail);
  void tail.then(() => {
    if (tails.get(engineId) === tail) tails.delete(engineId);
  });
  await previous;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}
