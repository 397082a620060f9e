'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, type FormEvent } from 'react';
import { Card, Col, Form, Placeholder, Row } from 'react-bootstrap';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { CopyButton } from '@/components/ui/copy-button';
import { toApiError } from '@/client/queries/api-error';
import { useSaveSettings, useSettings } from '@/client/queries/use-settings';
import { ROLES } from '@/lib/auth/permissions';
import { linesToRoleMap, toSsoFormValues, toSsoInput, type SsoFormValues } from './sso-values';

type SsoTextKey = 'sso_tenant_id' | 'sso_issuer_url' | 'sso_client_id' | 'sso_client_secret' | 'sso_button_label';

/** Single sign-on: Microsoft Entra ID (tenant id) or any OpenID Connect issuer. */
export function SsoTab() {
  const t = useTranslations('ssoSettings');
  const tSettings = useTranslations('settings');
  const settings = useSettings();
  const save = useSaveSettings();
  const toast = useToast();
  const data = settings.data;
  const [values, setValues] = useState<SsoFormValues>(() => toSsoFormValues(data));
  const [shown, setShown] = useState(data);
  const [callbackUrl, setCallbackUrl] = useState('');

  // New saved values (the first load, a save) replace the form's in the same render, before anyone can type.
  if (data !== shown) {
    setShown(data);
    setValues(toSsoFormValues(data));
  }
  useEffect(() => setCallbackUrl(`${window.location.origin}/api/auth/callback/sso`), []);

  const set = <K extends keyof SsoFormValues>(key: K, value: SsoFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const invalidRoles = linesToRoleMap(values.sso_group_roles).invalid;
  const fieldError = (key: string) => (save.error ? toApiError(save.error).fields.find((f) => f.path === key)?.message : undefined);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (invalidRoles.length) return;
    await save.mutateAsync(toSsoInput(values)).then(
      () => toast.success(t('saved')),
      () => toast.error(t('saveFailed')),
    );
  }

  const text = (key: SsoTextKey, type = 'text', extra?: { placeholder?: string; help?: string }) => (
    <Form.Group className="mb-3" controlId={`sso-${key}`}>
      <Form.Label>{t(`fields.${key}`)}</Form.Label>
      <Form.Control
        type={type}
        value={values[key]}
        placeholder={extra?.placeholder}
        onChange={(e) => set(key, e.target.value)}
        isInvalid={Boolean(fieldError(key))}
        autoComplete="off"
      />
      <Form.Control.Feedback type="invalid">{fieldError(key)}</Form.Control.Feedback>
      {extra?.help && <Form.Text>{extra.help}</Form.Text>}
    </Form.Group>
  );

  return (
    <Card>
      <Card.Body>
        <h2 className="h5">{t('title')}</h2>
        <p className="text-body-secondary">{t('intro')}</p>
        {settings.error && <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />}
        {save.error && <ErrorAlert error={save.error} />}
        {/* Until the saved values are here the form is not shown: what someone typed would be overwritten when they arrive. */}
        {settings.isPending ? (
          <Placeholder as="div" animation="glow" aria-busy="true" aria-label={tSettings('loading')}>
            <Placeholder xs={12} className="mb-3" size="lg" />
            <Placeholder xs={12} className="mb-3" size="lg" />
          </Placeholder>
        ) : (
          <Form onSubmit={submit} noValidate data-testid="settings-form-sso" aria-label={t('title')}>
            <Form.Check type="switch" id="sso-enabled" className="mb-3" label={t('fields.sso_enabled')} checked={values.sso_enabled} onChange={(e) => set('sso_enabled', e.target.checked)} />
            <Row>
              <Col md={6}>
                <Form.Group className="mb-3" controlId="sso-provider">
                  <Form.Label>{t('fields.sso_provider')}</Form.Label>
                  <Form.Select value={values.sso_provider} onChange={(e) => set('sso_provider', e.target.value === 'oidc' ? 'oidc' : 'entra')}>
                    <option value="entra">{t('providers.entra')}</option>
                    <option value="oidc">{t('providers.oidc')}</option>
                  </Form.Select>
                </Form.Group>
              </Col>
              <Col md={6}>
                {values.sso_provider === 'entra'
                  ? text('sso_tenant_id', 'text', { placeholder: '00000000-0000-0000-0000-000000000000', help: t('help.tenant') })
                  : text('sso_issuer_url', 'url', { placeholder: 'https://id.example.com/realms/msp', help: t('help.issuer') })}
              </Col>
            </Row>
            <Row>
              <Col md={6}>{text('sso_client_id')}</Col>
              <Col md={6}>
                {text('sso_client_secret', 'password', { placeholder: data?.sso_client_secret_set ? t('secretSet') : t('secretNotSet'), help: t('help.secret') })}
              </Col>
            </Row>
            <Form.Group className="mb-3">
              <Form.Label>{t('callbackUrl')}</Form.Label>
              <div className="d-flex gap-2 align-items-center">
                <code className="text-break" data-testid="sso-callback-url">{callbackUrl}</code>
                {callbackUrl && <CopyButton value={callbackUrl} />}
              </div>
              <Form.Text>{t('help.callback')}</Form.Text>
            </Form.Group>
            <Form.Group className="mb-3" controlId="sso-allowed-groups">
              <Form.Label>{t('fields.sso_allowed_groups')}</Form.Label>
              <Form.Control as="textarea" rows={3} value={values.sso_allowed_groups} onChange={(e) => set('sso_allowed_groups', e.target.value)} isInvalid={Boolean(fieldError('sso_allowed_groups'))} />
              <Form.Text>{t('help.groups')}</Form.Text>
            </Form.Group>
            <Row>
              <Col md={6}>
                <Form.Group className="mb-3" controlId="sso-default-role">
                  <Form.Label>{t('fields.sso_default_role')}</Form.Label>
                  <Form.Select value={values.sso_default_role} onChange={(e) => set('sso_default_role', ROLES.find((r) => r === e.target.value) ?? 'viewer')}>
                    {(['viewer', 'operator', 'admin'] as const).map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </Form.Select>
                </Form.Group>
              </Col>
              <Col md={6}>{text('sso_button_label', 'text', { placeholder: t('defaultLabel') })}</Col>
            </Row>
            <Form.Group className="mb-3" controlId="sso-group-roles">
              <Form.Label>{t('fields.sso_group_roles')}</Form.Label>
              <Form.Control as="textarea" rows={3} value={values.sso_group_roles} placeholder="a1b2c3d4-… = operator" onChange={(e) => set('sso_group_roles', e.target.value)} isInvalid={invalidRoles.length > 0} />
              <Form.Control.Feedback type="invalid">{t('invalidRoleLines', { lines: invalidRoles.join(', ') })}</Form.Control.Feedback>
              <Form.Text>{t('help.groupRoles')}</Form.Text>
            </Form.Group>
            <SubmitButton pending={save.isPending} data-testid="save-sso">
              {t('save')}
            </SubmitButton>
          </Form>
        )}
      </Card.Body>
    </Card>
  );
}
