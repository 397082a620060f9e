'use client';

import { useTranslations } from 'next-intl';
import type { FieldDef } from './field-defs';
import { LogoUpload } from './logo-upload';
import { SettingsForm } from './settings-form';

const FIELDS: FieldDef[] = [
  { key: 'branding_name', kind: 'text' },
  { key: 'branding_subtitle', kind: 'text' },
  {
    key: 'default_language',
    kind: 'select',
    options: [
      { value: '', label: 'languageBrowser' },
      { value: 'en', label: 'languageEn' },
      { value: 'de', label: 'languageDe' },
    ],
  },
];

export function BrandingTab() {
  const t = useTranslations('settings');
  return (
    <div className="d-grid gap-3">
      <SettingsForm id="branding" title={t('tabs.branding')} description={t('brandingIntro')} fields={FIELDS} />
      <LogoUpload />
    </div>
  );
}
