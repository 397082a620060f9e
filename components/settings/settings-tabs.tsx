'use client';

import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Nav, Tab } from 'react-bootstrap';
import { BackupSettingsTab } from '@/components/backups/backup-settings-tab';
import { NotificationsTab } from '@/components/notifications/notifications-tab';
import { AuditTab } from './audit-tab';
import { BrandingTab } from './branding-tab';
import { HostsTab } from './hosts-tab';
import { ImagesTab } from './images-tab';
import { ProxyTab } from './proxy-tab';
import { SsoTab } from './sso-tab';
import { SystemTab } from './system-tab';
import { TokensTab } from './tokens-tab';
import { UsersTab } from './users-tab';

export const SETTINGS_TABS = ['system', 'proxy', 'hosts', 'images', 'branding', 'sso', 'backups', 'notifications', 'users', 'tokens', 'audit'] as const;
export type SettingsTabKey = (typeof SETTINGS_TABS)[number];

interface Props {
  permissions: string[];
  username: string;
  initialTab: string | null;
}

/** Which tabs a role sees: admins all, everyone else only their own API tokens. */
function visibleTabs(permissions: string[]): SettingsTabKey[] {
  const can = (p: string) => permissions.includes(p);
  return SETTINGS_TABS.filter((tab) => {
    if (tab === 'users') return can('users:manage');
    if (tab === 'tokens') return can('tokens:manage');
    if (tab === 'audit') return can('audit:read');
    if (tab === 'backups') return can('backups:restore');
    return can('settings:write');
  });
}

export function SettingsTabs({ permissions, username, initialTab }: Props) {
  const t = useTranslations('settings');
  const tabs = visibleTabs(permissions);
  const [active, setActive] = useState<string>(tabs.find((tab) => tab === initialTab) ?? tabs[0]);

  if (tabs.length === 0) return <p className="text-body-secondary">{t('nothingToShow')}</p>;

  function select(key: string | null) {
    if (!key) return;
    setActive(key);
    // Keep the tab in the address so a reload or a shared link opens it again.
    window.history.replaceState(null, '', `?tab=${key}`);
  }

  const panes: Record<SettingsTabKey, ReactNode> = {
    system: <SystemTab />,
    proxy: <ProxyTab />,
    hosts: <HostsTab />,
    images: <ImagesTab />,
    branding: <BrandingTab />,
    sso: <SsoTab />,
    backups: <BackupSettingsTab />,
    notifications: <NotificationsTab />,
    users: <UsersTab currentUsername={username} />,
    tokens: <TokensTab permissions={permissions} canManage={permissions.includes('tokens:manage')} />,
    audit: <AuditTab />,
  };

  return (
    <Tab.Container id="settings-tabs" activeKey={active} onSelect={select} mountOnEnter>
      <Nav variant="tabs" className="mb-3 flex-nowrap overflow-x-auto text-nowrap" role="tablist" aria-label={t('tabsLabel')}>
        {tabs.map((tab) => (
          <Nav.Item key={tab}>
            <Nav.Link eventKey={tab} data-testid={`tab-${tab}`}>
              {t(`tabs.${tab}`)}
            </Nav.Link>
          </Nav.Item>
        ))}
      </Nav>
      <Tab.Content>
        {tabs.map((tab) => (
          <Tab.Pane key={tab} eventKey={tab}>
            {panes[tab]}
          </Tab.Pane>
        ))}
      </Tab.Content>
    </Tab.Container>
  );
}
