import type { ReactNode } from 'react';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
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

function Cell({ column, children }: { column: Column; children: ReactNode }) {
  return <ResponsiveCell heading={column} numeric={numericColumns.has(column)}>{children}</ResponsiveCell>;
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
          <ResponsiveHead columns={columns.map((heading) => ({ heading, numeric: numericColumns.has(heading) }))} />
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
