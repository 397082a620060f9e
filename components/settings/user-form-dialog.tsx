'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Form, Modal } from 'react-bootstrap';
import { ROLES } from '@/lib/auth/permissions';
import { createUserSchema, updateUserSchema, type UserView } from '@/lib/users/schemas';
import { useCreateUser, useUpdateUser } from '@/client/queries/use-users';
import { toFieldErrors, type FieldErrors } from '@/components/ui/field-errors';
import { FormField, controlProps } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';
import { fieldOf } from '@/lib/caught';

const EMPTY = { username: '', email: '', password: '', role: 'viewer', language: '' };

/** Create a user (with password) or edit one's email, role and language. */
export function UserFormDialog({ user, show, onClose }: { user: UserView | null; show: boolean; onClose: () => void }) {
  const t = useTranslations('users');
  const tr = useTranslations('roles');
  const tc = useTranslations('common');
  const toast = useToast();
  const errorText = useErrorText();
  const describe = useValidationText();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const editing = user !== null;

  useEffect(() => {
    if (!show) return;
    setErrors({});
    setValues(user ? { username: user.username, email: user.email ?? '', password: '', role: user.role, language: user.language ?? '' } : EMPTY);
  }, [show, user]);

  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  async function run(mutate: () => Promise<unknown>, success: string) {
    try {
      await mutate();
      toast.success(success);
      onClose();
    } catch (err) {
      setErrors(toFieldErrors(err, describe));
      toast.error(errorText(err));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const common = { email: values.email.trim() || null, role: values.role, language: values.language || null };
    if (!user) {
      const parsed = createUserSchema.safeParse({ ...common, username: values.username, password: values.password });
      if (!parsed.success) return setErrors(toFieldErrors(parsed.error, describe));
      return run(() => create.mutateAsync(parsed.data), t('created', { username: parsed.data.username }));
    }
    // Only what changed, so the audit log says what really happened.
    const before = { email: user.email, role: user.role, language: user.language };
    const changed = Object.fromEntries(Object.entries(common).filter(([k, v]) => fieldOf(before, k) !== v));
    if (Object.keys(changed).length === 0) return onClose();
    const parsed = updateUserSchema.safeParse(changed);
    if (!parsed.success) return setErrors(toFieldErrors(parsed.error, describe));
    return run(() => update.mutateAsync({ id: user.id, input: parsed.data }), t('updated', { username: user.username }));
  }

  const pending = create.isPending || update.isPending;
  return (
    <Modal show={show} onHide={onClose} centered aria-labelledby="user-form-title" data-testid="user-form">
      <Form onSubmit={submit} noValidate>
        <Modal.Header closeButton closeLabel={tc('close')}>
          <Modal.Title id="user-form-title" as="h2" className="h5">{editing ? t('editTitle', { username: user.username }) : t('createTitle')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {!editing && (
            <FormField id="user-username" label={t('username')} error={errors.username}>
              <Form.Control value={values.username} onChange={set('username')} autoComplete="off" {...controlProps('user-username', errors.username)} />
            </FormField>
          )}
          <FormField id="user-email" label={t('email')} error={errors.email}>
            <Form.Control type="email" value={values.email} onChange={set('email')} autoComplete="off" {...controlProps('user-email', errors.email)} />
          </FormField>
          {!editing && (
            <FormField id="user-password" label={t('password')} error={errors.password} help={t('passwordHelp')}>
              <Form.Control type="password" value={values.password} onChange={set('password')} autoComplete="new-password" {...controlProps('user-password', errors.password, true)} />
            </FormField>
          )}
          <FormField id="user-role" label={t('role')} error={errors.role} help={t(`roleHelp.${values.role}`)}>
            <Form.Select value={values.role} onChange={set('role')} {...controlProps('user-role', errors.role, true)}>
              {ROLES.map((r) => <option key={r} value={r}>{tr(r)}</option>)}
            </Form.Select>
          </FormField>
          <FormField id="user-language" label={t('language')} error={errors.language}>
            <Form.Select value={values.language} onChange={set('language')} {...controlProps('user-language', errors.language)}>
              <option value="">{t('languageDefault')}</option>
              <option value="en">English</option>
              <option value="de">Deutsch</option>
            </Form.Select>
          </FormField>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="secondary" onClick={onClose} disabled={pending}>{tc('cancel')}</Button>
          <SubmitButton pending={pending} data-testid="user-form-submit">{editing ? tc('save') : t('create')}</SubmitButton>
        </Modal.Footer>
      </Form>
    </Modal>
  );
}
