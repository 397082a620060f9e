'use client';

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Toast, ToastContainer } from 'react-bootstrap';
import { useTranslations } from 'next-intl';

type Variant = 'success' | 'danger';
interface ToastItem { id: number; variant: Variant; text: string }
interface ToastApi { success(text: string): void; error(text: string): void }

const ToastContext = createContext<ToastApi | null>(null);
let nextId = 1;

/** Success/failure toasts for every mutation; announced to screen readers through role=status/alert. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useTranslations('common');
  const [items, setItems] = useState<ToastItem[]>([]);
  const push = useCallback((variant: Variant, text: string) => setItems((all) => [...all.slice(-3), { id: nextId++, variant, text }]), []);
  const api = useMemo<ToastApi>(() => ({ success: (t) => push('success', t), error: (t) => push('danger', t) }), [push]);
  const dismiss = (id: number) => setItems((all) => all.filter((i) => i.id !== id));
  return (
    <ToastContext.Provider value={api}>
      {children}
      <ToastContainer position="bottom-end" className="p-3 position-fixed" style={{ zIndex: 1090 }}>
        {items.map((item) => (
          <Toast
            key={item.id}
            bg={item.variant}
            onClose={() => dismiss(item.id)}
            delay={item.variant === 'success' ? 4000 : 8000}
            autohide
            role={item.variant === 'danger' ? 'alert' : 'status'}
            data-testid={`toast-${item.variant}`}
          >
            <Toast.Body className="text-white d-flex align-items-start gap-2">
              <i className={`bi ${item.variant === 'success' ? 'bi-check-circle' : 'bi-exclamation-triangle'}`} aria-hidden />
              <span className="flex-grow-1">{item.text}</span>
              <button type="button" className="btn-close btn-close-white" aria-label={t('close')} onClick={() => dismiss(item.id)} />
            </Toast.Body>
          </Toast>
        ))}
      </ToastContainer>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a ToastProvider above it');
  return api;
}
