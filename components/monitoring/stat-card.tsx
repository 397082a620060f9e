'use client';

import type { ReactNode } from 'react';
import { Card } from 'react-bootstrap';

interface Props {
  icon: string;
  title: string;
  value: ReactNode;
  detail?: ReactNode;
  children?: ReactNode;
  testId: string;
}

/** One figure with its title, icon and a secondary line; the building block of the host cards. */
export function StatCard({ icon, title, value, detail, children, testId }: Props) {
  return (
    <Card className="h-100" data-testid={testId}>
      <Card.Body>
        <div className="d-flex justify-content-between align-items-start">
          <div className="text-body-secondary small text-uppercase fw-semibold">{title}</div>
          <i className={`bi bi-${icon} text-body-secondary`} aria-hidden="true" />
        </div>
        <div className="fs-4 fw-semibold mt-1" data-testid={`${testId}-value`}>
          {value}
        </div>
        {detail && <div className="small text-body-secondary">{detail}</div>}
        {children}
      </Card.Body>
    </Card>
  );
}
