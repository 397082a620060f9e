'use client';

import { useTranslations } from 'next-intl';
import type { FieldDef } from './field-defs';
import { SettingsForm } from './settings-form';

const FIELDS: FieldDef[] = [
  { key: 'base_domain', kind: 'text' },
  { key: 'admin_email', kind: 'email' },
  { key: 'data_dir', kind: 'text' },
  { key: 'docker_network', kind: 'text' },
  { key: 'docker_subnet_pool', kind: 'text' },
  { key: 'dashboard_port_start', kind: 'number', half: true },
  { key: 'dashboard_port_end', kind: 'number', half: true },
  { key: 'relay_port_start', kind: 'number', half: true },
  { key: 'relay_port_end', kind: 'number', half: true },
  { key: 'container_memory_limit_mb', kind: 'number', half: true },
  { key: 'deploy_concurrency', kind: 'number', half: true },
  { key: 'health_timeout_seconds', kind: 'number' },
  { key: 'trusted_proxies', kind: 'list', half: true },
  { key: 'audit_retention_days', kind: 'number', half: true },
  {
    key: 'netbird_setup_mode',
    kind: 'select',
    options: [
      { value: 'appliance', label: 'setupAppliance' },
      { value: 'customer', label: 'setupCustomer' },
    ],
  },
];

export function SystemTab() {
  const t = useTranslations('settings');
  return (
    <SettingsForm
      id="system"
      title={t('tabs.system')}
      description={t('systemIntro')}
      fields={FIELDS}
      placeholders={(d) => ({ data_dir: d.effective_data_dir, docker_network: d.effective_docker_network })}
    />
  );
}
