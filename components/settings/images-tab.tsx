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
  { key: 'netbird_server_image', kind: 'text' },
  {
    key: 'netbird_geolocation',
    kind: 'select',
    options: [
      { value: 'auto', label: 'geoAuto' },
      { value: 'on', label: 'geoOn' },
      { value: 'off', label: 'geoOff' },
    ],
  },
];

export function ImagesTab() {
  const t = useTranslations('settings');
  return <SettingsForm id="images" title={t('tabs.images')} description={`${t('imagesIntro')} ${t('imagesLayoutNote')}`} fields={FIELDS} />;
}
