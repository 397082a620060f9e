'use client';

import type { ReactNode } from 'react';
import { Form } from 'react-bootstrap';

interface Props {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string;
  children: ReactNode;
  className?: string;
}

/** Label, control, help and the zod error of one field, tied together for screen readers. */
export function FormField({ id, label, help, error, children, className = 'mb-3' }: Props) {
  return (
    <Form.Group controlId={id} className={className}>
      <Form.Label>{label}</Form.Label>
      {children}
      {error && (
        <Form.Control.Feedback type="invalid" className="d-block" id={`${id}-error`} data-testid={`error-${id}`}>
          {error}
        </Form.Control.Feedback>
      )}
      {help && (
        <Form.Text className="d-block" id={`${id}-help`}>
          {help}
        </Form.Text>
      )}
    </Form.Group>
  );
}

/** Props for the control inside a FormField: invalid state and the description ids. */
export function controlProps(id: string, error?: string, hasHelp = false) {
  const describedBy = [error ? `${id}-error` : null, hasHelp ? `${id}-help` : null].filter(Boolean).join(' ');
  return { isInvalid: Boolean(error), 'aria-invalid': Boolean(error) || undefined, 'aria-describedby': describedBy || undefined };
}
