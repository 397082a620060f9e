'use client';

import { useTranslations } from 'next-intl';
import type { FieldDef } from './field-defs';
import { SettingsForm } from './settings-form';

const FIELDS: FieldDef[] = [
  { key: 'netbird_management_image', kind: 'text' },
  { key: 'netbird_signal_image', kind: 'text' },
  { key: 'netbird_relay_image', kind: 'text' },
  { key: 'netbird_dashboard_image', kind: 'text' },
  { key: 'caddy_image', kind: 'text' },
];

export function ImagesTab() {
  const t = useTranslations('settings');
  return <SettingsForm id="images" title={t('tabs.images')} description={t('imagesIntro')} fields={FIELDS} />;
}
