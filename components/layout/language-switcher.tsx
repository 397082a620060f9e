'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Form } from 'react-bootstrap';
import { setLanguageAction } from '@/app/actions/profile';

export function LanguageSwitcher({ className }: { className?: string }) {
  const t = useTranslations('common');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <Form.Select
      size="sm"
      className={className}
      aria-label={t('language')}
      data-testid="language-switcher"
      value={locale}
      disabled={pending}
      onChange={(e) => {
        const next = e.target.value;
        startTransition(async () => {
          await setLanguageAction(next);
          router.refresh();
        });
      }}
    >
      <option value="en">English</option>
      <option value="de">Deutsch</option>
    </Form.Select>
  );
}
