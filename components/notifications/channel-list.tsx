'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Badge, Button, Card, Table } from 'react-bootstrap';
import { useDeleteChannel, useNotificationChannels, useTestChannel } from '@/client/queries/use-notifications';
import type { ChannelView } from '@/lib/notifications/schemas';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';
import { ChannelEditor } from './channel-editor';

export function ChannelList() {
  const t = useTranslations('notifications');
  const toast = useToast();
  const errorText = useErrorText();
  const channels = useNotificationChannels();
  const test = useTestChannel();
  const remove = useDeleteChannel();
  const [editing, setEditing] = useState<ChannelView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ChannelView | null>(null);

  async function sendTest(c: ChannelView) {
    try {
      await test.mutateAsync(c.id);
      toast.success(t('testQueued', { name: c.name }));
    } catch (err) {
      toast.error(errorText(err));
    }
  }

  async function confirmDelete() {
    if (!deleting) return;
    try {
      await remove.mutateAsync(deleting.id);
      toast.success(t('deleted'));
    } catch (err) {
      toast.error(errorText(err));
    } finally {
      setDeleting(null);
    }
  }

  const items = channels.data?.items ?? [];
  return (
    <Card>
      <Card.Body>
        <div className="d-flex justify-content-between align-items-center mb-2">
          <h2 className="h5 mb-0">{t('channelsTitle')}</h2>
          {editing === null && <Button size="sm" onClick={() => setEditing('new')} data-testid="add-channel">{t('addChannel')}</Button>}
        </div>
        <p className="text-body-secondary">{t('intro')}</p>
        {channels.error && <ErrorAlert error={channels.error} onRetry={() => channels.refetch()} />}
        {editing !== null && (
          <Card className="mb-3" body>
            <h3 className="h6">{editing === 'new' ? t('newChannel') : t('editChannel')}</h3>
            <ChannelEditor key={editing === 'new' ? 'new' : editing.id} channel={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
          </Card>
        )}
        {items.length === 0 && !channels.isPending ? (
          <p className="mb-0" data-testid="no-channels">{t('noChannels')}</p>
        ) : (
          <Table responsive size="sm" className="align-middle mb-0" data-testid="channel-table">
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('kind')}</th>
                <th>{t('target')}</th>
                <th>{t('minSeverity')}</th>
                <th>{t('language')}</th>
                <th className="text-end">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-testid={`channel-${c.name}`}>
                  <td>
                    {c.name} {!c.enabled && <Badge bg="secondary">{t('disabled')}</Badge>}
                  </td>
                  <td>{t(`kinds.${c.kind}`)}</td>
                  <td><code>{c.target}</code></td>
                  <td>{t(`severities.${c.min_severity}`)}</td>
                  <td>{t(`languages.${c.language}`)}</td>
                  <td className="text-end text-nowrap">
                    <Button size="sm" variant="outline-primary" className="me-1" onClick={() => sendTest(c)} data-testid={`test-${c.name}`}>{t('test')}</Button>
                    <Button size="sm" variant="outline-secondary" className="me-1" onClick={() => setEditing(c)}>{t('edit')}</Button>
                    <Button size="sm" variant="outline-danger" onClick={() => setDeleting(c)}>{t('delete')}</Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <ConfirmDialog show={deleting !== null} title={t('delete')} body={t('deleteConfirm', { name: deleting?.name ?? '' })} confirmLabel={t('delete')} pending={remove.isPending} onConfirm={confirmDelete} onCancel={() => setDeleting(null)} />
      </Card.Body>
    </Card>
  );
}
