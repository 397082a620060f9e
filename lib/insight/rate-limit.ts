/**
 * The insight's pacing, kept pure so it can be tested without a tenant: a queue that runs at most
 * `concurrency` gathers at once and never holds one tenant twice, and the choice of which tenants
 * are due in a round.
 */
export class BoundedQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly work: (key: string) => Promise<void>,
  ) {}

  /** Queues `key` unless it is waiting or running already; returns whether it was queued. */
  push(key: string): boolean {
    if (this.queued.has(key)) return false;
    this.queued.add(key);
    this.waiting.push(key);
    this.pump();
    return true;
  }

  get size(): { waiting: number; running: number } {
    return { waiting: this.waiting.length, running: this.running };
  }

  /** Resolves once nothing waits or runs. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const key = this.waiting.shift() as string;
      this.running++;
      // `work` reports its own failures; a rejection must still free the slot.
      void this.work(key)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.queued.delete(key);
          this.pump();
          if (this.running === 0 && this.waiting.length === 0) this.idleWaiters.splice(0).forEach((r) => r());
        });
    }
  }
}

export interface DueCandidate {
  id: string;
  /** When the last gather of this tenant was tried (success or not); null: never. */
  attemptedAt: Date | null;
}

/** Tenants not tried within `intervalMs`, the longest-waiting first, at most `limit`. */
export function dueTenants(rows: DueCandidate[], now: Date, intervalMs: number, limit: number): string[] {
  return rows
    .filter((r) => !r.attemptedAt || now.getTime() - r.attemptedAt.getTime() >= intervalMs)
    .sort((a, b) => (a.attemptedAt?.getTime() ?? 0) - (b.attemptedAt?.getTime() ?? 0))
    .slice(0, limit)
    .map((r) => r.id);
}

/** Days until `expiresAt` (fractional; negative once past). */
export function daysLeft(expiresAt: Date, now: Date): number {
  return (expiresAt.getTime() - now.getTime()) / 86_400_000;
}
