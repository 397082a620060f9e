'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Button, Col, Form, Row } from 'react-bootstrap';
import { useSaveChannel } from '@/client/queries/use-notifications';
import { EVENT_KIND_NAMES, SEVERITIES } from '@/lib/notifications/event-kinds';
import { CHANNEL_KINDS, SMTP_SECURITY, channelInputSchema, type ChannelKind, type ChannelView } from '@/lib/notifications/schemas';
import { isOneOf } from '@/lib/one-of';
import { toFieldErrors, type FieldErrors } from '@/components/ui/field-errors';
import { FormField, controlProps } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';

type Values = Record<string, string>;

/** The form's kind; only the kind select sets it, from CHANNEL_KINDS. */
function kindOf(values: Values): ChannelKind {
  return isOneOf(CHANNEL_KINDS, values.kind) ? values.kind : 'email';
}

function initialValues(channel: ChannelView | null): Values {
  const c: Record<string, unknown> = channel?.config ?? {};
  return {
    kind: channel?.kind ?? 'webhook',
    name: channel?.name ?? '',
    language: channel?.language ?? 'en',
    min_severity: channel?.min_severity ?? 'warning',
    smtp_host: String(c.smtp_host ?? ''),
    smtp_port: String(c.smtp_port ?? '587'),
    smtp_security: String(c.smtp_security ?? 'starttls'),
    smtp_username: String(c.smtp_username ?? ''),
    smtp_password: '',
    from: String(c.from ?? ''),
    to: Array.isArray(c.to) ? c.to.join(', ') : '',
    url: '',
    signing_secret: '',
  };
}

/** The form's values → the API's input: empty secrets are left out, so the saved ones stay. */
function toInput(v: Values, events: string[], enabled: boolean): Record<string, unknown> {
  const common = { kind: v.kind, name: v.name, language: v.language, min_severity: v.min_severity, events, enabled };
  const secret = (key: string) => (v[key] ? { [key]: v[key] } : {});
  if (v.kind === 'email') {
    const to = v.to.split(/[\s,;]+/).filter(Boolean);
    return { ...common, smtp_host: v.smtp_host, smtp_port: v.smtp_port, smtp_security: v.smtp_security, smtp_username: v.smtp_username, from: v.from, to, ...secret('smtp_password') };
  }
  return { ...common, ...secret('url'), ...(v.kind === 'webhook' ? secret('signing_secret') : {}) };
}

/** What a new channel of this kind cannot work without; an edit keeps the saved values. */
function requiredSecrets(kind: ChannelKind): string[] {
  if (kind === 'email') return [];
  return kind === 'webhook' ? ['url', 'signing_secret'] : ['url'];
}

export function ChannelEditor({ channel, onDone }: { channel: ChannelView | null; onDone: () => void }) {
  const t = useTranslations('notifications');
  const toast = useToast();
  const errorText = useErrorText();
  const describe = useValidationText();
  const save = useSaveChannel();
  const [values, setValues] = useState<Values>(() => initialValues(channel));
  const [events, setEvents] = useState<string[]>(channel?.events ?? []);
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (key: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const isSet = (key: string) => channel?.secrets_set.includes(key) ?? false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = toInput(values, events, enabled);
    // Secrets are required only for a new channel; an update keeps the saved ones.
    const parsed = channelInputSchema.safeParse(input);
    if (!parsed.success) return setErrors(toFieldErrors(parsed.error, describe));
    const missing = channel ? [] : requiredSecrets(kindOf(values)).filter((key) => !values[key]);
    if (missing.length) return setErrors(Object.fromEntries(missing.map((key) => [key, t('required')])));
    try {
      await save.mutateAsync({ id: channel?.id ?? null, input });
      toast.success(t('saved'));
      onDone();
    } catch (err) {
      setErrors(toFieldErrors(err, describe));
      toast.error(errorText(err));
    }
  }

  const field = (key: string, label: string, type = 'text', help?: string) => (
    <FormField id={`channel-${key}`} label={label} error={errors[key]} help={help}>
      <Form.Control type={type} value={values[key]} onChange={set(key)} autoComplete="off" {...controlProps(`channel-${key}`, errors[key], Boolean(help))} />
    </FormField>
  );
  const kind = kindOf(values);
  return (
    <Form onSubmit={submit} noValidate data-testid="channel-editor" aria-label={channel ? t('editChannel') : t('newChannel')}>
      <Row>
        <Col md={6}>{field('name', t('name'))}</Col>
        <Col md={6}>
          <FormField id="channel-kind" label={t('kind')}>
            <Form.Select value={kind} onChange={set('kind')} disabled={Boolean(channel)}>
              {CHANNEL_KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
            </Form.Select>
          </FormField>
        </Col>
        <Col md={6}>
          <FormField id="channel-language" label={t('language')}>
            <Form.Select value={values.language} onChange={set('language')}>
              {(['en', 'de'] as const).map((l) => <option key={l} value={l}>{t(`languages.${l}`)}</option>)}
            </Form.Select>
          </FormField>
        </Col>
        <Col md={6}>
          <FormField id="channel-min_severity" label={t('minSeverity')}>
            <Form.Select value={values.min_severity} onChange={set('min_severity')}>
              {SEVERITIES.map((s) => <option key={s} value={s}>{t(`severities.${s}`)}</option>)}
            </Form.Select>
          </FormField>
        </Col>
      </Row>
      {kind === 'email' ? (
        <Row>
          <Col md={6}>{field('smtp_host', t('smtpHost'))}</Col>
          <Col md={3}>{field('smtp_port', t('smtpPort'), 'number')}</Col>
          <Col md={3}>
            <FormField id="channel-smtp_security" label={t('smtpSecurity')}>
              <Form.Select value={values.smtp_security} onChange={set('smtp_security')}>
                {SMTP_SECURITY.map((s) => <option key={s} value={s}>{t(`security.${s}`)}</option>)}
              </Form.Select>
            </FormField>
          </Col>
          <Col md={6}>{field('smtp_username', t('smtpUsername'))}</Col>
          <Col md={6}>{field('smtp_password', t('smtpPassword'), 'password', isSet('smtp_password') ? t('secretKeep') : undefined)}</Col>
          <Col md={6}>{field('from', t('from'), 'email')}</Col>
          <Col md={6}>{field('to', t('to'), 'text', t('toHelp'))}</Col>
        </Row>
      ) : (
        <Row>
          <Col md={kind === 'webhook' ? 7 : 12}>{field('url', t('url'), 'url', isSet('url') ? `${t('secretKeep')} (${channel?.target})` : t('urlHelp'))}</Col>
          {kind === 'webhook' && <Col md={5}>{field('signing_secret', t('signingSecret'), 'password', isSet('signing_secret') ? t('secretKeep') : t('signingSecretHelp'))}</Col>}
        </Row>
      )}
      <fieldset className="mb-3">
        <legend className="form-label fs-6">{t('events')}</legend>
        <div className="d-flex flex-wrap gap-3">
          {EVENT_KIND_NAMES.map((k) => (
            <Form.Check key={k} id={`event-${k}`} type="checkbox" label={t(`eventKinds.${k.replace('.', '_')}`)} checked={events.includes(k)}
              onChange={(e) => setEvents((all) => (e.target.checked ? [...all, k] : all.filter((x) => x !== k)))} />
          ))}
        </div>
        <Form.Text>{t('eventsHelp')}</Form.Text>
      </fieldset>
      <Form.Check className="mb-3" type="switch" id="channel-enabled" label={t('enabled')} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
      <div className="d-flex gap-2">
        <SubmitButton pending={save.isPending} data-testid="save-channel">{t('save')}</SubmitButton>
        <Button variant="outline-secondary" onClick={onDone}>{t('cancel')}</Button>
      </div>
    </Form>
  );
}
