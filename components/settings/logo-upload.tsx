'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { Card, Form } from 'react-bootstrap';
import { fetchApi } from '@/client/queries/fetch-api';
import { queryKeys } from '@/client/queries/keys';
import { useBranding } from '@/client/queries/use-settings';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast-provider';
import { useErrorText } from '@/components/ui/use-error-text';

const MAX_BYTES = 512 * 1024;
const ACCEPT = 'image/png,image/jpeg,image/svg+xml,.png,.jpg,.jpeg,.svg';

/** Logo upload with preview; the server checks the type by its bytes and sanitises SVG. */
export function LogoUpload() {
  const t = useTranslations('settings');
  const toast = useToast();
  const errorText = useErrorText();
  const router = useRouter();
  const client = useQueryClient();
  const branding = useBranding();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'upload' | 'remove' | null>(null);
  const [confirm, setConfirm] = useState(false);

  async function send(method: 'POST' | 'DELETE', body?: FormData) {
    setBusy(method === 'POST' ? 'upload' : 'remove');
    try {
      await fetchApi('/api/settings/branding/logo', { method, body });
      toast.success(method === 'POST' ? t('logoUploaded') : t('logoRemoved'));
      await Promise.all([client.invalidateQueries({ queryKey: queryKeys.branding }), client.invalidateQueries({ queryKey: queryKeys.auditAll })]);
      // The navbar is rendered on the server: refresh it so the new logo shows at once.
      router.refresh();
    } catch (err) {
      toast.error(errorText(err));
    } finally {
      setBusy(null);
      setConfirm(false);
      if (input.current) input.current.value = '';
    }
  }

  function onPick(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      toast.error(t('logoTooLarge'));
      return;
    }
    const form = new FormData();
    form.append('file', file);
    void send('POST', form);
  }

  const logoUrl = branding.data?.logo_url ?? null;
  return (
    <Card>
      <Card.Body>
        <h2 className="h5">{t('logo')}</h2>
        <p className="text-body-secondary">{t('logoHelp')}</p>
        <div className="d-flex flex-wrap align-items-center gap-3">
          <div className="border rounded p-2 bg-body-tertiary d-flex align-items-center justify-content-center" style={{ width: 200, height: 80 }}>
            {logoUrl ? (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={logoUrl} alt={t('logoPreview')} className="brand-logo" data-testid="logo-preview" />
            ) : (
              <span className="text-body-secondary small">{t('noLogo')}</span>
            )}
          </div>
          <div className="d-flex flex-wrap gap-2">
            <Form.Label htmlFor="logo-file" className="visually-hidden">{t('chooseLogo')}</Form.Label>
            <Form.Control id="logo-file" ref={input} type="file" accept={ACCEPT} disabled={busy !== null} onChange={(e) => onPick(e.target instanceof HTMLInputElement ? e.target.files?.[0] : undefined)} data-testid="logo-file" />
            {logoUrl && (
              <SubmitButton type="button" variant="outline-danger" pending={busy === 'remove'} onClick={() => setConfirm(true)} data-testid="logo-remove">
                {t('removeLogo')}
              </SubmitButton>
            )}
          </div>
        </div>
        {busy === 'upload' && <div className="small mt-2" role="status">{t('uploading')}</div>}
      </Card.Body>
      <ConfirmDialog show={confirm} title={t('removeLogo')} body={t('removeLogoConfirm')} confirmLabel={t('removeLogo')} pending={busy === 'remove'} onConfirm={() => send('DELETE')} onCancel={() => setConfirm(false)} />
    </Card>
  );
}
