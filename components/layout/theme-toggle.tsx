'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from 'react-bootstrap';
import { setThemeAction } from '@/app/actions/profile';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';

type Theme = 'light' | 'dark';

/** Switches at once in the browser, then saves the choice on the user so every page load starts with it. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const t = useTranslations('shell');
  const toast = useToast();
  const errorText = useErrorText();
  const [theme, setTheme] = useState<Theme>(initial);
  const [pending, startTransition] = useTransition();
  const next: Theme = theme === 'dark' ? 'light' : 'dark';

  function toggle() {
    const previous = theme;
    document.documentElement.setAttribute('data-bs-theme', next);
    setTheme(next);
    startTransition(async () => {
      const result = await setThemeAction(next).catch((err: unknown) => ({ ok: false as const, error: { code: 'NETWORK' as const, message: String(err) } }));
      if (!result.ok) {
        document.documentElement.setAttribute('data-bs-theme', previous);
        setTheme(previous);
        toast.error(errorText(result.error));
      }
    });
  }

  return (
    <Button
      variant="outline-light"
      size="sm"
      onClick={toggle}
      disabled={pending}
      aria-label={next === 'dark' ? t('themeDark') : t('themeLight')}
      title={next === 'dark' ? t('themeDark') : t('themeLight')}
      aria-pressed={theme === 'dark'}
      data-testid="theme-toggle"
      data-theme={theme}
    >
      <i className={`bi ${theme === 'dark' ? 'bi-sun' : 'bi-moon-stars'}`} aria-hidden />
    </Button>
  );
}
