'use client';

import { useTranslations } from 'next-intl';
import type { PublicSettings } from '@/lib/settings/public-view';
import type { FieldDef } from './field-defs';
import { CertificatePicker } from './certificate-picker';
import { NpmTestPanel } from './npm-test-panel';
import { SettingsForm } from './settings-form';

const FIELDS: FieldDef[] = [
  { key: 'npm_api_url', kind: 'url' },
  { key: 'npm_api_email', kind: 'email', half: true },
  { key: 'npm_api_password', kind: 'password', half: true },
  {
    key: 'npm_forward_mode',
    kind: 'select',
    half: true,
    options: [
      { value: 'host_port', label: 'forwardHostPort' },
      { value: 'container', label: 'forwardContainer' },
    ],
  },
  { key: 'npm_forward_host', kind: 'text', half: true },
  {
    key: 'ssl_mode',
    kind: 'select',
    options: [
      { value: 'letsencrypt', label: 'sslLetsencrypt' },
      { value: 'wildcard', label: 'sslWildcard' },
      { value: 'none', label: 'sslNone' },
    ],
  },
  { key: 'wildcard_cert_id', kind: 'select', custom: true },
];

/** Where tenants' plain-HTTP ports listen, as the stacks are built with the saved settings. */
function listenHelp(t: ReturnType<typeof useTranslations<'settings'>>, d: PublicSettings): string {
  const where = d.effective_listen_every_interface ? t('listenEveryInterface') : t('listenAddresses', { addresses: d.effective_listen_addresses.join(', ') });
  return `${t('help.npm_forward_mode')} ${where}`;
}

export function ProxyTab() {
  const t = useTranslations('settings');
  return (
    <SettingsForm
      id="proxy"
      title={t('tabs.proxy')}
      description={t('proxyIntro')}
      fields={FIELDS}
      placeholders={(d) => ({ npm_forward_host: d.effective_forward_host })}
      help={(d) => ({
        npm_api_password: d.npm_api_password_set ? t('passwordSet') : t('passwordNotSet'),
        npm_forward_mode: listenHelp(t, d),
      })}
    >
      {(form) => (
        <>
          {form.values.ssl_mode === 'wildcard' && <CertificatePicker form={form} />}
          <NpmTestPanel form={form} />
        </>
      )}
    </SettingsForm>
  );
}
