'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Alert, Badge, Button, Card, Table } from 'react-bootstrap';
import type { ApiTokenView } from '@/lib/auth/api-token-schema';
import { useRevokeToken, useTokens } from '@/client/queries/use-tokens';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { TokenCreateForm } from './token-create-form';

export function TokensTab({ permissions, canManage }: { permissions: string[]; canManage: boolean }) {
  const t = useTranslations('tokens');
  const format = useFormatter();
  const toast = useToast();
  const errorText = useErrorText();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [shown, setShown] = useState<{ token: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const when = (iso: string | null, fallback: string) => (iso ? format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }) : fallback);

  async function confirmRevoke() {
    if (!revoking) return;
    try {
      await revoke.mutateAsync(revoking.id);
      toast.success(t('revoked', { name: revoking.name }));
    } catch (err) {
      toast.error(errorText(err));
    } finally {
      setRevoking(null);
    }
  }

  return (
    <div className="d-grid gap-3">
      {canManage && (
        <Card>
          <Card.Body>
            <h2 className="h5">{t('createTitle')}</h2>
            <p className="text-body-secondary">{t('intro')}</p>
            {shown && (
              <Alert variant="success" onClose={() => setShown(null)} dismissible data-testid="new-token">
                <div className="fw-semibold">{t('shownOnce', { name: shown.name })}</div>
                <div className="d-flex flex-wrap align-items-center gap-2 mt-2">
                  <code className="user-select-all text-break" data-testid="new-token-value">{shown.token}</code>
                  <CopyButton value={shown.token} label={t('copyToken')} />
                </div>
              </Alert>
            )}
            <TokenCreateForm permissions={permissions} onCreated={(token, name) => setShown({ token, name })} />
          </Card.Body>
        </Card>
      )}
      <Card>
        <Card.Body>
          <h2 className="h5">{t('listTitle')}</h2>
          {tokens.error && <ErrorAlert error={tokens.error} onRetry={() => tokens.refetch()} />}
          {tokens.data?.items.length === 0 && <p className="text-body-secondary mb-0">{t('none')}</p>}
          {tokens.data && tokens.data.items.length > 0 && (
            <Table responsive hover className="align-middle mb-0" data-testid="tokens-table">
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('prefix')}</th>
                  <th scope="col" className="d-none d-md-table-cell">{t('scopes')}</th>
                  <th scope="col">{t('lastUsed')}</th>
                  <th scope="col">{t('expires')}</th>
                  {canManage && <th scope="col"><span className="visually-hidden">{t('actions')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((tok) => (
                  <tr key={tok.id} data-testid={`token-row-${tok.name}`}>
                    <td className="fw-semibold">{tok.name}</td>
                    <td><code>{tok.prefix}…</code></td>
                    <td className="d-none d-md-table-cell">{tok.scopes.map((s) => <Badge key={s} bg="secondary" className="me-1 fw-normal">{s}</Badge>)}</td>
                    <td className="small">{when(tok.last_used_at, t('never'))}</td>
                    <td className="small">{when(tok.expires_at, t('noExpiry'))}</td>
                    {canManage && (
                      <td className="text-end">
                        <Button size="sm" variant="outline-danger" onClick={() => setRevoking(tok)} aria-label={t('revokeToken', { name: tok.name })} data-testid="revoke-token">
                          {t('revoke')}
                        </Button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card.Body>
      </Card>
      <ConfirmDialog show={revoking !== null} title={t('revokeToken', { name: revoking?.name ?? '' })} body={t('revokeConfirm')} confirmLabel={t('revoke')} pending={revoke.isPending} onConfirm={confirmRevoke} onCancel={() => setRevoking(null)} />
    </div>
  );
}
