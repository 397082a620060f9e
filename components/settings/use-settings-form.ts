'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { settingsUpdateSchema } from '@/lib/settings/update-schema';
import { useSaveSettings, useSettings } from '@/client/queries/use-settings';
import { toFieldErrors, type FieldErrors } from '@/components/ui/field-errors';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';
import { toFormValues, toSettingsInput, type FieldDef } from './field-defs';

/** State of one Settings tab: values, browser-side validation with the API's schema, save with toasts. */
export function useSettingsForm(fields: FieldDef[]) {
  const t = useTranslations('settings');
  const toast = useToast();
  const errorText = useErrorText();
  const describe = useValidationText();
  const router = useRouter();
  const query = useSettings();
  const save = useSaveSettings();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [shown, setShown] = useState<typeof query.data>(undefined);

  // Fill the form when the settings arrive or change after a save. A refetch that finds nothing new (on window
  // focus, say) keeps the same object, so what the user is typing stays.
  if (query.data && query.data !== shown && !save.isPending) {
    setShown(query.data);
    setValues(toFormValues(query.data, fields));
  }

  function setValue(key: string, value: string) {
    setValues((all) => ({ ...all, [key]: value }));
    setErrors(({ [key]: _dropped, ...rest }) => rest);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = toSettingsInput(values, fields);
    const parsed = settingsUpdateSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(toFieldErrors(parsed.error, describe));
      toast.error(t('fixFields'));
      return;
    }
    try {
      await save.mutateAsync(parsed.data);
      setErrors({});
      toast.success(t('saved'));
      // The navigation bar and page title are rendered on the server: show a new name at once.
      router.refresh();
    } catch (err) {
      setErrors(toFieldErrors(err, describe));
      toast.error(errorText(err));
    }
  }

  return { query, values, errors, setValue, submit, saving: save.isPending };
}

export type SettingsFormState = ReturnType<typeof useSettingsForm>;
