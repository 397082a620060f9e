'use client';

import type { ReactNode } from 'react';
import { Button, Spinner, type ButtonProps } from 'react-bootstrap';

/** A button that shows progress and cannot be pressed twice while its mutation runs. */
export function SubmitButton({ pending, children, type = 'submit', ...rest }: ButtonProps & { pending: boolean; children: ReactNode }) {
  return (
    <Button type={type} disabled={pending || rest.disabled} aria-busy={pending || undefined} {...rest}>
      {pending && <Spinner size="sm" className="me-2" aria-hidden />}
      {children}
    </Button>
  );
}
