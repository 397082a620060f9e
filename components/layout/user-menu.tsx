'use client';

import Link from 'next/link';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { Nav, NavDropdown } from 'react-bootstrap';

/** Who is signed in, with the way to the profile and out. */
export function UserMenu({ username, role }: { username: string; role: string }) {
  const t = useTranslations('nav');
  const tr = useTranslations('roles');
  return (
    <Nav>
      <NavDropdown
        title={<><i className="bi bi-person-circle me-1" aria-hidden />{username}</>}
        align="end"
        id="user-menu"
        aria-label={t('userMenu')}
        data-testid="user-menu"
      >
        <NavDropdown.ItemText>{t('signedInAs', { username })}</NavDropdown.ItemText>
        <NavDropdown.ItemText className="text-body-secondary small">{t('role', { role: tr.has(role) ? tr(role) : role })}</NavDropdown.ItemText>
        <NavDropdown.Divider />
        <NavDropdown.Item as={Link} href="/profile" data-testid="profile-link">
          <i className="bi bi-person-gear me-2" aria-hidden />
          {t('profile')}
        </NavDropdown.Item>
        <NavDropdown.Item as="button" data-testid="sign-out" onClick={() => signOut({ callbackUrl: '/login' })}>
          <i className="bi bi-box-arrow-right me-2" aria-hidden />
          {t('signOut')}
        </NavDropdown.Item>
      </NavDropdown>
    </Nav>
  );
}
