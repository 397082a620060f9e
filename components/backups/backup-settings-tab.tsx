'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Alert, Button, Col, Form, Row } from 'react-bootstrap';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { BackupSettingsUpdate } from '@/lib/backups/settings-schema';
import { useBackupSettings, useSaveBackupSettings, useTestRepository, type BackupSettingsView } from './use-backups';

type Values = BackupSettingsUpdate;
const REPOSITORY_TYPES = ['local', 'sftp', 's3'] as const;
type TextKey = 'password' | 'local_path' | 'sftp_target' | 'sftp_port' | 'sftp_private_key' | 's3_endpoint' | 's3_bucket' | 's3_access_key' | 's3_secret_key' | 'schedule' | 'keep_daily' | 'keep_weekly' | 'keep_monthly';

function secretSet(data: BackupSettingsView, key: TextKey): boolean {
  if (key === 'sftp_private_key') return data.sftp_private_key_set;
  if (key === 's3_secret_key') return data.s3_secret_key_set;
  if (key === 'password') return data.password_set;
  return false;
}

/** Settings → Backups: repository, schedule, retention, test; the generated password once. */
export function BackupSettingsTab() {
  const t = useTranslations('backups');
  const settings = useBackupSettings();
  const save = useSaveBackupSettings();
  const test = useTestRepository();
  const [values, setValues] = useState<Values>({});
  const [password, setPassword] = useState<string | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    // The form edits the stored fields; the flags, the path in force and a revealed password are shown, never sent back.
    const { password: shown, effective_local_path: _path, sftp_private_key_set: _key, s3_secret_key_set: _secret, password_set: _set, ...stored } = settings.data;
    if (shown) setPassword(shown);
    setValues(stored);
  }, [settings.data]);

  if (settings.error) return <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />;
  if (!settings.data) return <p role="status">…</p>;
  const data = settings.data;
  const set = (update: Values) => setValues((v) => ({ ...v, ...update }));
  const text = (key: TextKey, label: string, opts: { type?: string; help?: string; textarea?: boolean; testId?: string } = {}) => (
    <Form.Group as={Col} md={6} className="mb-3" controlId={`backup-${key}`}>
      <Form.Label>{label}</Form.Label>
      <Form.Control {...(opts.textarea ? { as: 'textarea' as const, rows: 4 } : { type: opts.type ?? 'text' })} value={String(values[key] ?? '')}
        placeholder={secretSet(data, key) ? t('secretSet') : undefined}
        onChange={(e) => set({ [key]: opts.type === 'number' ? Number(e.target.value) : e.target.value })} data-testid={opts.testId ?? `backup-${key}`} />
      {opts.help && <Form.Text>{opts.help}</Form.Text>}
    </Form.Group>
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    // An empty password field keeps the stored one (the schema wants 8+ characters when one is sent).
    const { password: typed, ...rest } = values;
    save.mutate(typed ? values : rest, { onSuccess: (data) => data.password && setPassword(data.password) });
  }

  const type = values.repository_type ?? 'local';
  return (
    <Form onSubmit={submit} data-testid="backup-settings">
      <p className="text-body-secondary">{t('settingsIntro')}</p>
      {password && (
        <Alert variant="warning" data-testid="backup-password">
          <Alert.Heading as="h2" className="h6">{t('passwordTitle')}</Alert.Heading>
          <p className="small">{t('passwordBody')}</p>
          <code className="user-select-all fs-6">{password}</code>
        </Alert>
      )}
      <Row>
        <Form.Group as={Col} md={6} className="mb-3" controlId="backup-repository_type">
          <Form.Label>{t('repositoryType')}</Form.Label>
          <Form.Select value={type} onChange={(e) => set({ repository_type: REPOSITORY_TYPES.find((v) => v === e.target.value) ?? 'local' })} data-testid="backup-repository_type">
            {REPOSITORY_TYPES.map((v) => <option key={v} value={v}>{t(`types.${v}`)}</option>)}
          </Form.Select>
        </Form.Group>
        {type === 'local' && text('local_path', t('localPath'), { help: t('localPathHelp', { path: settings.data.effective_local_path }) })}
        {type === 'sftp' && <>{text('sftp_target', t('sftpTarget'))}{text('sftp_port', t('sftpPort'), { type: 'number' })}{text('sftp_private_key', t('sftpKey'), { textarea: true })}</>}
        {type === 's3' && <>{text('s3_endpoint', t('s3Endpoint'))}{text('s3_bucket', t('s3Bucket'))}{text('s3_access_key', t('s3AccessKey'))}{text('s3_secret_key', t('s3SecretKey'), { type: 'password' })}</>}
        {/* Write-only: the stored password never comes back from the API; typing one opens an existing repository. */}
        {text('password', t('passwordField'), { type: 'password', help: t('passwordFieldHelp'), testId: 'backup-password-input' })}
      </Row>
      <Row>
        <Form.Group as={Col} md={12} className="mb-2" controlId="backup-schedule_enabled">
          <Form.Check type="switch" label={t('scheduleEnabled')} checked={Boolean(values.schedule_enabled)} onChange={(e) => set({ schedule_enabled: e.target.checked })} />
        </Form.Group>
        {text('schedule', t('schedule'))}
        {text('keep_daily', t('keepDaily'), { type: 'number' })}
        {text('keep_weekly', t('keepWeekly'), { type: 'number' })}
        {text('keep_monthly', t('keepMonthly'), { type: 'number' })}
      </Row>
      {save.error && <ErrorAlert error={save.error} />}
      {save.isSuccess && <Alert variant="success" className="py-2">{t('saved')}</Alert>}
      {test.error && <ErrorAlert error={test.error} />}
      {test.data && <Alert variant="info" className="py-2" data-testid="backup-test-result">{t('testResult', { version: test.data.restic_version, created: String(test.data.created), snapshots: test.data.snapshots, tenants: test.data.tenants })}</Alert>}
      <div className="d-flex gap-2">
        <SubmitButton pending={save.isPending} data-testid="backup-save">{t('save')}</SubmitButton>
        <Button variant="outline-secondary" disabled={test.isPending} onClick={() => test.mutate()} data-testid="backup-test">{test.isPending ? t('testing') : t('test')}</Button>
      </div>
    </Form>
  );
}
