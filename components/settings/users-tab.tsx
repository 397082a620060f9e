'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button, ButtonGroup, Card, Table } from 'react-bootstrap';
import type { UserView } from '@/lib/users/schemas';
import { useDeleteUser, useResetUserTotp, useUpdateUser, useUsers } from '@/client/queries/use-users';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { StatusBadge } from '@/components/ui/status-badge';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { UserFormDialog } from './user-form-dialog';
import { UserPasswordDialog } from './user-password-dialog';

type Pending = { kind: 'delete' | 'toggle' | 'totp'; user: UserView } | null;

export function UsersTab({ currentUsername }: { currentUsername: string }) {
  const t = useTranslations('users');
  const tr = useTranslations('roles');
  const format = useFormatter();
  const toast = useToast();
  const errorText = useErrorText();
  const users = useUsers();
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const resetTotp = useResetUserTotp();
  const [editing, setEditing] = useState<UserView | null>(null);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [confirm, setConfirm] = useState<Pending>(null);

  async function runConfirmed() {
    if (!confirm) return;
    const { kind, user } = confirm;
    try {
      if (kind === 'delete') await remove.mutateAsync(user.id);
      else if (kind === 'totp') await resetTotp.mutateAsync(user.id);
      else await update.mutateAsync({ id: user.id, input: { disabled: !user.disabled } });
      toast.success(t(kind === 'delete' ? 'deleted' : kind === 'totp' ? 'totpReset' : user.disabled ? 'enabled' : 'disabled', { username: user.username }));
    } catch (err) {
      toast.error(errorText(err));
    } finally {
      setConfirm(null);
    }
  }

  return (
    <Card>
      <Card.Body>
        <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
          <h2 className="h5 mb-0">{t('title')}</h2>
          <Button onClick={() => setCreating(true)} data-testid="create-user">
            <i className="bi bi-person-plus me-1" aria-hidden />
            {t('create')}
          </Button>
        </div>
        {users.error && <ErrorAlert error={users.error} onRetry={() => users.refetch()} />}
        {users.isPending && <p role="status">{t('loading')}</p>}
        {users.data && (
          <Table responsive hover className="align-middle mb-0" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('username')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col" className="d-none d-md-table-cell">{t('language')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col" className="d-none d-lg-table-cell">{t('lastLogin')}</th>
                <th scope="col"><span className="visually-hidden">{t('actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.username}`}>
                  <td>
                    <div className="fw-semibold">{u.username}{u.username === currentUsername && <span className="text-body-secondary small ms-1">({t('you')})</span>}</div>
                    {u.email && <div className="small text-body-secondary">{u.email}</div>}
                  </td>
                  <td data-testid="user-role">{tr.has(u.role) ? tr(u.role) : u.role}</td>
                  <td className="d-none d-md-table-cell">{u.language === 'de' ? 'Deutsch' : u.language === 'en' ? 'English' : t('languageDefault')}</td>
                  <td><StatusBadge status={u.disabled ? 'disabled' : 'enabled'} label={u.disabled ? t('statusDisabled') : t('statusEnabled')} /></td>
                  <td className="d-none d-lg-table-cell small">{u.last_login_at ? format.dateTime(new Date(u.last_login_at), { dateStyle: 'medium', timeStyle: 'short' }) : t('never')}</td>
                  <td className="text-end">
                    <ButtonGroup size="sm" aria-label={t('actionsFor', { username: u.username })}>
                      <Button variant="outline-secondary" onClick={() => setEditing(u)} aria-label={t('editUser', { username: u.username })} data-testid="edit-user"><i className="bi bi-pencil" aria-hidden /></Button>
                      <Button variant="outline-secondary" onClick={() => setResetting(u)} aria-label={t('resetPasswordFor', { username: u.username })} data-testid="reset-password"><i className="bi bi-key" aria-hidden /></Button>
                      <Button variant="outline-secondary" onClick={() => setConfirm({ kind: 'toggle', user: u })} aria-label={t(u.disabled ? 'enableUser' : 'disableUser', { username: u.username })} data-testid="toggle-user"><i className={`bi ${u.disabled ? 'bi-person-check' : 'bi-person-slash'}`} aria-hidden /></Button>
                      {u.totp_enabled && <Button variant="outline-secondary" onClick={() => setConfirm({ kind: 'totp', user: u })} aria-label={t('resetTotpFor', { username: u.username })} data-testid="reset-totp"><i className="bi bi-shield-x" aria-hidden /></Button>}
                      <Button variant="outline-danger" onClick={() => setConfirm({ kind: 'delete', user: u })} aria-label={t('deleteUser', { username: u.username })} data-testid="delete-user"><i className="bi bi-trash" aria-hidden /></Button>
                    </ButtonGroup>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card.Body>
      <UserFormDialog show={creating || editing !== null} user={editing} onClose={() => { setCreating(false); setEditing(null); }} />
      <UserPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <ConfirmDialog
        show={confirm !== null}
        title={confirm ? t(confirm.kind === 'delete' ? 'deleteUser' : confirm.kind === 'totp' ? 'resetTotpFor' : confirm.user.disabled ? 'enableUser' : 'disableUser', { username: confirm.user.username }) : ''}
        body={confirm ? t(confirm.kind === 'delete' ? 'deleteConfirm' : confirm.kind === 'totp' ? 'resetTotpConfirm' : confirm.user.disabled ? 'enableConfirm' : 'disableConfirm', { username: confirm.user.username }) : ''}
        confirmLabel={confirm?.kind === 'delete' ? t('delete') : confirm?.kind === 'totp' ? t('resetTotp') : confirm?.user.disabled ? t('enable') : t('disable')}
        variant={confirm?.kind === 'delete' ? 'danger' : 'warning'}
        pending={update.isPending || remove.isPending || resetTotp.isPending}
        onConfirm={runConfirmed}
        onCancel={() => setConfirm(null)}
      />
    </Card>
  );
}
