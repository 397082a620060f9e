'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { Container, Nav, Navbar, NavDropdown } from 'react-bootstrap';
import { LanguageSwitcher } from './language-switcher';

interface Props {
  brandName: string;
  logoUrl: string | null;
  username: string;
  role: string;
  permissions: string[];
}

export function AppNavbar({ brandName, logoUrl, username, role, permissions }: Props) {
  const t = useTranslations('nav');
  const tr = useTranslations('roles');
  const pathname = usePathname();
  const links = [
    { href: '/', label: t('dashboard'), show: true },
  ];
  return (
    <Navbar expand="md" bg="dark" data-bs-theme="dark" className="shadow-sm">
      <Container fluid>
        <Navbar.Brand as={Link} href="/" data-testid="navbar-brand">
          {logoUrl && (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={logoUrl} alt="" className="navbar-logo me-2" />
          )}
          {brandName}
        </Navbar.Brand>
        <Navbar.Toggle aria-controls="main-nav" aria-label={t('toggleNavigation')} />
        <Navbar.Collapse id="main-nav">
          <Nav className="me-auto">
            {links
              .filter((l) => l.show)
              .map((l) => (
                <Nav.Link key={l.href} as={Link} href={l.href} active={l.href === '/' ? pathname === '/' : pathname.startsWith(l.href)}>
                  {l.label}
                </Nav.Link>
              ))}
            <Nav.Link href="/api/docs" target="_blank" rel="noopener">
              {t('apiDocs')}
            </Nav.Link>
          </Nav>
          <div className="d-flex align-items-center gap-2">
            <LanguageSwitcher />
            <Nav>
            <NavDropdown title={<><i className="bi bi-person-circle me-1" aria-hidden />{username}</>} align="end" id="user-menu" aria-label={t('userMenu')}>
              <NavDropdown.ItemText>{t('signedInAs', { username })}</NavDropdown.ItemText>
              <NavDropdown.ItemText className="text-body-secondary small">{t('role', { role: tr(role) })}</NavDropdown.ItemText>
              <NavDropdown.Divider />
              <NavDropdown.Item as="button" data-testid="sign-out" onClick={() => signOut({ callbackUrl: '/login' })}>
                {t('signOut')}
              </NavDropdown.Item>
            </NavDropdown>
            </Nav>
          </div>
        </Navbar.Collapse>
      </Container>
    </Navbar>
  );
}
