'use client';

import { useTranslations } from 'next-intl';
import type { FieldDef } from '@/components/settings/field-defs';
import { SettingsForm } from '@/components/settings/settings-form';
import { ChannelList } from './channel-list';
import { DeliveryLog } from './delivery-log';
import { MutesCard } from './mutes-card';

const FIELDS: FieldDef[] = [
  { key: 'public_url', kind: 'url' },
  { key: 'alert_down_after_seconds', kind: 'number', half: true },
  { key: 'alert_certificate_days', kind: 'number', half: true },
  { key: 'alert_memory_free_percent', kind: 'number', half: true },
  { key: 'alert_disk_free_percent', kind: 'number', half: true },
];

/** Settings → Notifications (admin): channels, the delivery log, muted tenants, thresholds. */
export function NotificationsTab() {
  const t = useTranslations('notifications');
  return (
    <div className="d-grid gap-3">
      <ChannelList />
      <DeliveryLog />
      <MutesCard />
      <SettingsForm id="notifications" title={t('thresholdsTitle')} fields={FIELDS} />
    </div>
  );
}
