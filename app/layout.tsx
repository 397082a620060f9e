import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import 'bootstrap/dist/css/bootstrap.min.css';
import 'bootstrap-icons/font/bootstrap-icons.min.css';
import './globals.css';
import { TimeZoneSync } from '@/components/layout/time-zone-sync';
import { QueryProvider } from '@/components/ui/query-provider';
import { readBranding } from '@/lib/settings/branding';
import { currentTheme } from '@/lib/users/current-theme';

export async function generateMetadata(): Promise<Metadata> {
  const branding = await readBranding().catch(() => null);
  return { title: branding?.name ?? 'NetBird MSP Appliance', description: branding?.subtitle };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, theme] = await Promise.all([getLocale(), currentTheme()]);
  return (
    <html lang={locale} data-bs-theme={theme}>
      <body>
        {/* Messages come from the login and app layouts, each with only what its pages use. */}
        <NextIntlClientProvider locale={locale} messages={null}>
          <TimeZoneSync />
          <QueryProvider>{children}</QueryProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
