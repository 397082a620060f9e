import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import { pickNamespaces, PUBLIC_NAMESPACES } from '@/lib/i18n/client-messages';

/** The login page's client components get only the namespaces they use. */
export default async function LoginLayout({ children }: { children: ReactNode }) {
  const messages = await getMessages();
  return <NextIntlClientProvider messages={pickNamespaces(messages, PUBLIC_NAMESPACES)}>{children}</NextIntlClientProvider>;
}
