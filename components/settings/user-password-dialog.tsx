'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Form, Modal } from 'react-bootstrap';
import { passwordSchema } from '@/lib/auth/password-schema';
import type { UserView } from '@/lib/users/schemas';
import { useUpdateUser } from '@/client/queries/use-users';
import { toFieldErrors } from '@/components/ui/field-errors';
import { FormField, controlProps } from '@/components/ui/form-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { useValidationText } from '@/components/ui/use-validation-text';

/** Sets a new password for a user; the server signs them out everywhere. */
export function UserPasswordDialog({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const toast = useToast();
  const errorText = useErrorText();
  const describe = useValidationText();
  const update = useUpdateUser();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    setPassword('');
    setError(undefined);
  }, [user]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!user) return;
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) return setError(toFieldErrors(parsed.error, describe)._);
    try {
      await update.mutateAsync({ id: user.id, input: { password } });
      toast.success(t('passwordReset', { username: user.username }));
      onClose();
    } catch (err) {
      setError(toFieldErrors(err, describe).password);
      toast.error(errorText(err));
    }
  }

  return (
    <Modal show={user !== null} onHide={onClose} centered aria-labelledby="user-password-title">
      <Form onSubmit={submit} noValidate>
        <Modal.Header closeButton closeLabel={tc('close')}>
          <Modal.Title id="user-password-title" as="h2" className="h5">{t('resetPasswordTitle', { username: user?.username ?? '' })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <FormField id="reset-password" label={t('newPassword')} error={error} help={t('resetPasswordHelp')}>
            <Form.Control type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" {...controlProps('reset-password', error, true)} />
          </FormField>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="secondary" onClick={onClose} disabled={update.isPending}>{tc('cancel')}</Button>
          <SubmitButton pending={update.isPending} variant="warning" data-testid="reset-password-submit">{t('resetPassword')}</SubmitButton>
        </Modal.Footer>
      </Form>
    </Modal>
  );
}
