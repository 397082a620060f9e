'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Container, Nav, Navbar } from 'react-bootstrap';
import { LanguageSwitcher } from './language-switcher';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

interface Props {
  brandName: string;
  logoUrl: string | null;
  username: string;
  role: string;
  permissions: string[];
  theme: 'light' | 'dark';
}

interface NavLink {
  href: string;
  label: string;
  icon: string;
}

export function AppNavbar({ brandName, logoUrl, username, role, permissions, theme }: Props) {
  const t = useTranslations('nav');
  const ts = useTranslations('shell');
  const pathname = usePathname();
  // Everyone reaches Settings: non-admins find their own API tokens there.
  const links: NavLink[] = [
    { href: '/', label: t('dashboard'), icon: 'bi-speedometer2' },
    ...(permissions.includes('monitoring:read') ? [{ href: '/monitoring', label: t('monitoring'), icon: 'bi-activity' }] : []),
    ...(permissions.includes('customers:read') ? [{ href: '/fleet', label: t('fleet'), icon: 'bi-layers' }] : []),
    { href: '/settings', label: t('settings'), icon: 'bi-gear' },
  ];
  const isActive = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));
  return (
    <>
      <a href="#main" className="visually-hidden-focusable position-absolute top-0 start-0 p-2 bg-body z-3">
        {ts('skipToContent')}
      </a>
      <Navbar expand="md" bg="dark" data-bs-theme="dark" className="shadow-sm" collapseOnSelect>
        <Container fluid>
          <Navbar.Brand as={Link} href="/" data-testid="navbar-brand" className="text-truncate" style={{ maxWidth: '60vw' }}>
            {logoUrl && (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={logoUrl} alt="" className="navbar-logo me-2" data-testid="navbar-logo" />
            )}
            {brandName}
          </Navbar.Brand>
          <Navbar.Toggle aria-controls="main-nav" aria-label={t('toggleNavigation')} />
          <Navbar.Collapse id="main-nav">
            <Nav className="me-auto" as="ul" aria-label={ts('mainNavigation')}>
              {links.map((l) => (
                <Nav.Item as="li" key={l.href}>
                  <Nav.Link as={Link} href={l.href} active={isActive(l.href)} aria-current={isActive(l.href) ? 'page' : undefined} eventKey={l.href}>
                    <i className={`bi ${l.icon} me-1`} aria-hidden />
                    {l.label}
                  </Nav.Link>
                </Nav.Item>
              ))}
              <Nav.Item as="li">
                <Nav.Link href="/api/docs" target="_blank" rel="noopener">
                  <i className="bi bi-journal-code me-1" aria-hidden />
                  {t('apiDocs')}
                  <span className="visually-hidden"> {ts('opensInNewTab')}</span>
                </Nav.Link>
              </Nav.Item>
            </Nav>
            <div className="d-flex flex-wrap align-items-center gap-2 py-2 py-md-0">
              <LanguageSwitcher className="w-auto" />
              <ThemeToggle initial={theme} />
              <UserMenu username={username} role={role} />
            </div>
          </Navbar.Collapse>
        </Container>
      </Navbar>
    </>
  );
}
