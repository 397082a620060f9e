import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/resolve-actor';
import { readBranding } from '@/lib/settings/branding';
import { currentTheme } from '@/lib/users/current-theme';
import { AppNavbar } from '@/components/layout/app-navbar';
import { ToastProvider } from '@/components/ui/toast-provider';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  const [branding, theme] = await Promise.all([readBranding(), currentTheme()]);
  return (
    <ToastProvider>
      <AppNavbar brandName={branding.name} logoUrl={branding.logo_url} username={actor.username} role={actor.role} permissions={[...actor.permissions]} theme={theme} />
      <main id="main" className="container-fluid py-4 px-3 px-md-4" tabIndex={-1}>
        {children}
      </main>
    </ToastProvider>
  );
}
