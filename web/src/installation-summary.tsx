import type { ReactNode } from 'react';
import { DateTime } from './date-time.js';
import type { Installation } from './installation.js';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

/** The server and database this installation runs on, as an NHS summary list. */
export function InstallationSummary({ installation }: { installation: Installation }) {
  const { database, installation: record } = installation;
  return (
    <dl className="nhsuk-summary-list">
      <Row label="Version">{installation.version}</Row>
      <Row label="Database">{database.label}</Row>
      <Row label="Database server version">{database.serverVersion}</Row>
      <Row label="Database location">
        <code>{database.location}</code>
      </Row>
      <Row label="Installation ID">{record ? <code>{record.id}</code> : 'Not created yet: the database has not been migrated'}</Row>
      <Row label="Installation created">{record ? <DateTime iso={record.createdAt} /> : 'Not yet'}</Row>
      <Row label="Server started">
        <DateTime iso={installation.startedAt} />
      </Row>
    </dl>
  );
}
