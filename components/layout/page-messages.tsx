import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { PAGE_NAMESPACES, pickNamespaces, type AppPage } from '@/lib/i18n/client-messages';

/** A page's client components get the namespaces listed for it, not the whole catalogue. */
export async function PageMessages({ page, children }: { page: AppPage; children: ReactNode }) {
  const messages = await getMessages();
  return <NextIntlClientProvider messages={pickNamespaces(messages, PAGE_NAMESPACES[page])}>{children}</NextIntlClientProvider>;
}
