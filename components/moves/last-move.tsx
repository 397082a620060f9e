'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { MoveView } from '@/lib/moves/schemas';
import { StatusBadge } from '@/components/ui/status-badge';

const BADGE: Record<MoveView['state'], string> = { queued: 'deploying', running: 'deploying', succeeded: 'active', failed: 'error' };

/** The latest move: where from and to, how it ended, and the downtime it measured. */
export function LastMove({ move, hostName }: { move: MoveView; hostName: (id: string) => string }) {
  const t = useTranslations('moves');
  const format = useFormatter();
  const downtime = move.downtime_ms === null ? null : format.number(move.downtime_ms / 1000, { maximumFractionDigits: 1 });
  return (
    <div className="mt-3 pt-3 border-top small" data-testid="last-move" data-state={move.state}>
      <div className="d-flex flex-wrap gap-2 align-items-center">
        <span className="fw-semibold">{t('lastMove')}</span>
        <StatusBadge status={BADGE[move.state]} label={t(`states.${move.state}`)} />
        <span>{t('fromTo', { from: hostName(move.from_host), to: hostName(move.to_host) })}</span>
      </div>
      {downtime !== null && (
        <div data-testid="move-downtime">{move.state === 'failed' ? t('downtimeFailed', { seconds: downtime }) : t('downtime', { seconds: downtime })}</div>
      )}
      {move.error && <div className="text-danger text-break" data-testid="move-error">{move.error}</div>}
    </div>
  );
}
