import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { currentActor } from '@/lib/auth/resolve-actor';
import { APP_LAYOUT_NAMESPACES, pickNamespaces } from '@/lib/i18n/client-messages';
import { readBranding } from '@/lib/settings/branding';
import { currentTheme } from '@/lib/users/current-theme';
import { AppNavbar } from '@/components/layout/app-navbar';
import { ToastProvider } from '@/components/ui/toast-provider';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  const [branding, theme, messages] = await Promise.all([readBranding(), currentTheme(), getMessages()]);
  return (
    // The navigation bar's and toasts' messages; each page ships its own (components/layout/page-messages.tsx).
    <NextIntlClientProvider messages={pickNamespaces(messages, APP_LAYOUT_NAMESPACES)}>
      <ToastProvider>
        <AppNavbar brandName={branding.name} logoUrl={branding.logo_url} username={actor.username} role={actor.role} permissions={[...actor.permissions]} theme={theme} />
        <main id="main" className="container-fluid py-4 px-3 px-md-4" tabIndex={-1}>
          {children}
        </main>
      </ToastProvider>
    </NextIntlClientProvider>
  );
}
