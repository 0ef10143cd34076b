import type { ReactNode } from 'react';
import { DateTime } from './date-time.js';
import { abbreviateChecksum, formatCount } from './format.js';
import type { AppliedMigration } from './installation.js';

function PendingStatus({ pending }: { pending: number }) {
  if (pending === 0) {
    return (
      <p>
        <strong className="nhsuk-tag nhsuk-tag--green">Up to date</strong> Every migration this version knows has been
        applied.
      </p>
    );
  }
  const migrations = pending === 1 ? '1 migration has' : `${formatCount(pending)} migrations have`;
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <p>
        <strong className="nhsuk-tag nhsuk-tag--orange">{formatCount(pending)} pending</strong> {migrations} not been
        applied to the database yet.
      </p>
    </div>
  );
}

const columns = ['Capability', 'Version', 'Name', 'Checksum', 'Applied at'] as const;
type Column = (typeof columns)[number];
const numericColumns: ReadonlySet<Column> = new Set(['Version']);

/**
 * A cell of an NHS responsive table: on narrow screens each row becomes a card and the
 * column heading is repeated beside the value (hidden from screen readers, which have the header).
 */
function Cell({ column, children }: { column: Column; children: ReactNode }) {
  const numeric = numericColumns.has(column) ? ' nhsuk-table__cell--numeric' : '';
  return (
    <td className={`nhsuk-table__cell${numeric}`} role="cell">
      <span className="nhsuk-table__heading" aria-hidden="true">
        {column}{' '}
      </span>
      <span>{children}</span>
    </td>
  );
}

function MigrationRow({ migration }: { migration: AppliedMigration }) {
  return (
    <tr className="nhsuk-table__row" role="row">
      <Cell column="Capability">{migration.capability}</Cell>
      <Cell column="Version">{migration.version}</Cell>
      <Cell column="Name">{migration.name}</Cell>
      <Cell column="Checksum">
        <code title={migration.checksum}>{abbreviateChecksum(migration.checksum)}</code>
      </Cell>
      <Cell column="Applied at">
        <DateTime iso={migration.appliedAt} />
      </Cell>
    </tr>
  );
}

/** The database migrations applied so far, and whether any are still to run. */
export function MigrationsTable({ migrations, pending }: { migrations: AppliedMigration[]; pending: number }) {
  return (
    <>
      <h2 id="migrations">Migrations</h2>
      <PendingStatus pending={pending} />
      {migrations.length === 0 ? (
        <p>No migrations have been applied.</p>
      ) : (
        <table className="nhsuk-table nhsuk-table--responsive" role="table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Migrations applied to the database</caption>
          <thead className="nhsuk-table__head" role="rowgroup">
            <tr className="nhsuk-table__row" role="row">
              {columns.map((column) => (
                <th
                  key={column}
                  className={`nhsuk-table__header${numericColumns.has(column) ? ' nhsuk-table__header--numeric' : ''}`}
                  scope="col"
                  role="columnheader"
                >
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {migrations.map((migration) => (
              <MigrationRow migration={migration} key={`${migration.capability}/${migration.version}`} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
