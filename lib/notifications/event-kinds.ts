import { isOneOf } from '../one-of';

/**
 * Every kind of event the appliance can tell an MSP about. Pure: the Settings form lists them
 * and the API validates against them. `recovers`: the condition can end, and its end is sent
 * as a recovery message (the same kind, phase `resolved`).
 */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EVENT_KINDS = {
  'tenant.down': { severity: 'critical', recovers: true },
  'job.failed': { severity: 'critical', recovers: true },
  'backup.failed': { severity: 'warning', recovers: true },
  'backup.overdue': { severity: 'warning', recovers: true },
  'certificate.expiring': { severity: 'warning', recovers: true },
  'host.memory_low': { severity: 'warning', recovers: true },
  'host.disk_low': { severity: 'warning', recovers: true },
  // Raised by the remote-hosts and NetBird API features through raiseEvent/resolveEvent.
  'host.unreachable': { severity: 'critical', recovers: true },
  'netbird.token_expiring': { severity: 'warning', recovers: true },
  'tenant.over_devices': { severity: 'warning', recovers: true },
} as const satisfies Record<string, { severity: Severity; recovers: boolean }>;

export type EventKind = keyof typeof EVENT_KINDS;
// cast: Object.keys types its answer as string[]; these are EVENT_KINDS' own keys.
export const EVENT_KIND_NAMES = Object.keys(EVENT_KINDS) as EventKind[];

export function isEventKind(value: string): value is EventKind {
  return value in EVENT_KINDS;
}

/** A severity read back from a row: written from SEVERITIES, so anything else is damage. */
export function storedSeverity(value: string): Severity {
  if (!isOneOf(SEVERITIES, value)) throw new Error(`unknown notification severity "${value}"`);
  return value;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Does a channel with these choices want this event? An empty list means every kind. */
export function channelWants(channel: { events: readonly string[]; minSeverity: Severity }, kind: string, severity: Severity): boolean {
  if (channel.events.length > 0 && !channel.events.includes(kind)) return false;
  return severityRank(severity) >= severityRank(channel.minSeverity);
}

/** Back-off between delivery attempts; after the last one the delivery is given up (`dead`). */
export const RETRY_DELAYS_MS = [2_000, 10_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;

export function nextAttemptDelay(attemptsMade: number): number | null {
  return attemptsMade <= RETRY_DELAYS_MS.length ? RETRY_DELAYS_MS[attemptsMade - 1] : null;
}
