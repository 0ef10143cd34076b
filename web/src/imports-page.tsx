import { DateTime } from './date-time.js';
import { formatCount } from './format.js';
import { importName, ImportStatusTag } from './import-status.js';
import type { ImportRun } from './imports.js';
import { LoadError } from './load-error.js';
import { fetchImports } from './record-api.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { importPath } from './routes.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const columns: readonly TableColumn<ImportRun>[] = [
  {
    heading: 'File',
    cell: (run) => (
      <>
        <a href={importPath(run.id)}>{importName(run)}</a>
        <br />
        <span className="nhsuk-body-s nhsuk-u-secondary-text-colour">{run.kind}</span>
      </>
    ),
  },
  { heading: 'Source', cell: (run) => run.source.name },
  { heading: 'Status', cell: (run) => <ImportStatusTag status={run.status} /> },
  { heading: 'Started', cell: (run) => <DateTime iso={run.startedAt} /> },
  { heading: 'Read', numeric: true, cell: (run) => formatCount(run.counts.read) },
  { heading: 'Stored', numeric: true, cell: (run) => formatCount(run.counts.stored) },
  { heading: 'Unchanged', numeric: true, cell: (run) => formatCount(run.counts.unchanged) },
  { heading: 'Rejected', numeric: true, cell: (run) => formatCount(run.counts.rejected) },
  { heading: 'Issues', numeric: true, cell: (run) => formatCount(run.counts.issues) },
];

function ImportsTable({ imports }: { imports: readonly ImportRun[] }) {
  if (imports.length === 0) {
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          Nothing has been imported yet. Files from each source system are imported with <code>joinedup import</code> or by
          posting them to <code>/api/import</code>.
        </p>
      </div>
    );
  }
  return (
    <ResponsiveTable
      caption="Imports, newest first"
      captionHidden
      columns={columns}
      rows={imports}
      rowKey={(run) => run.id}
    />
  );
}

/** "Imports and data quality": every file imported, what became of its records, and a link to its report. */
export function ImportsPage() {
  usePageTitle('Imports and data quality');
  const { state, retry } = useLoad((signal) => fetchImports(signal), 'imports');
  return (
    <>
      <h1>Imports and data quality</h1>
      <p className="nhsuk-lede-text">
        Every file imported from a source system, and what became of its records. Open an import to see what could not be
        taken as it was, and why.
      </p>
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Loading…</p>}
      </div>
      {state.status === 'failed' && <LoadError what="list of imports" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && <ImportsTable imports={state.value} />}
    </>
  );
}
