'use client';

import { useTranslations } from 'next-intl';
import { ListGroup } from 'react-bootstrap';
import { useTestNpm } from '@/client/queries/use-npm';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { npmDraftOf } from './npm-draft-values';
import type { SettingsFormState } from './use-settings-form';

/** Tests the NPM connection with the values in the form, saved or not, and lists each check. */
export function NpmTestPanel({ form }: { form: SettingsFormState }) {
  const t = useTranslations('settings');
  const te = useTranslations('errors');
  const toast = useToast();
  const errorText = useErrorText();
  const test = useTestNpm();

  function run() {
    test.mutate(npmDraftOf(form.values), {
      onSuccess: (result) => (result.ok ? toast.success(t('npmTestOk')) : toast.error(t('npmTestFailed'))),
      onError: (err) => toast.error(errorText(err)),
    });
  }

  return (
    <div className="mb-3">
      <SubmitButton type="button" variant="outline-primary" pending={test.isPending} onClick={run} data-testid="test-npm">
        <i className="bi bi-plug me-1" aria-hidden />
        {test.isPending ? t('testing') : t('testConnection')}
      </SubmitButton>
      {test.error && <ErrorAlert className="mt-2" error={test.error} />}
      {test.data && (
        <ListGroup className="mt-2" aria-live="polite" data-testid="npm-test-result" data-ok={test.data.ok}>
          {test.data.checks.map((check) => (
            <ListGroup.Item key={check.name} className="d-flex gap-2 align-items-start" data-check={check.name} data-ok={check.ok}>
              <i className={`bi ${check.ok ? 'bi-check-circle-fill text-success' : 'bi-x-circle-fill text-danger'}`} aria-hidden />
              <div>
                <div className="fw-semibold">
                  {t(`npmChecks.${check.name}`)}
                  <span className="visually-hidden">: {check.ok ? t('checkPassed') : t('checkFailed')}</span>
                </div>
                {!check.ok && check.code && te.has(check.code) && <div>{te(check.code)}</div>}
                <div className="small text-body-secondary">{check.message}</div>
              </div>
            </ListGroup.Item>
          ))}
        </ListGroup>
      )}
    </div>
  );
}
