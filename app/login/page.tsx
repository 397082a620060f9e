import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/resolve-actor';
import { readSsoButton } from '@/lib/auth/sso/config';
import { readBranding } from '@/lib/settings/branding';
import { LoginForm } from '@/components/auth/login-form';
import { LanguageSwitcher } from '@/components/layout/language-switcher';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentActor()) redirect('/');
  const [branding, sso, t, params] = await Promise.all([readBranding(), readSsoButton(), getTranslations('login'), searchParams]);
  const error = typeof params.error === 'string' ? params.error.slice(0, 64) : undefined;
  return (
    <main className="d-flex flex-column align-items-center justify-content-center min-vh-100 bg-body-tertiary p-3">
      <div className="card shadow-sm login-card">
        <div className="card-body p-4">
          <div className="text-center mb-4">
            {branding.logo_url && (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={branding.logo_url} alt={branding.name} className="brand-logo mb-3" data-testid="brand-logo" />
            )}
            <h1 className="h4 mb-1" data-testid="brand-name">{branding.name}</h1>
            <p className="text-body-secondary mb-0">{branding.subtitle}</p>
          </div>
          <h2 className="h6 text-uppercase text-body-secondary mb-3">{t('title')}</h2>
          <LoginForm sso={sso} initialError={error} />
        </div>
      </div>
      <div className="mt-3">
        <LanguageSwitcher />
      </div>
    </main>
  );
}
