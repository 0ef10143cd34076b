import { ApiError } from './api.js';
import { DateTime } from './date-time.js';
import { formatCount } from './format.js';
import { ImportIssuesTable } from './import-issues-table.js';
import { importName, ImportStatusTag } from './import-status.js';
import type { ImportIssuesPage, ImportRun } from './imports.js';
import { LoadError } from './load-error.js';
import { fetchImportIssues, fetchImports, issuesPageSize } from './record-api.js';
import { importPath } from './routes.js';
import { SummaryRow } from './summary-row.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

/** The first issue shown, from `?offset=` in the page address. */
function offsetInAddress(): number {
  const offset = Number(new URLSearchParams(window.location.search).get('offset') ?? '0');
  return Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
}

class ImportNotFound extends Error {}

async function loadReport(id: string, offset: number, signal: AbortSignal): Promise<{ run: ImportRun; page: ImportIssuesPage }> {
  const [imports, page] = await Promise.all([fetchImports(signal), fetchImportIssues(id, offset, signal)]);
  const run = imports.find((candidate) => candidate.id === id);
  if (run === undefined) throw new ImportNotFound();
  return { run, page };
}

function isNotFound(error: unknown): boolean {
  return error instanceof ImportNotFound || (error instanceof ApiError && (error.status === 404 || error.status === 400));
}

function Counts({ run }: { run: ImportRun }) {
  const { counts } = run;
  return (
    <dl className="nhsuk-summary-list">
      <SummaryRow label="Source">{run.source.name}</SummaryRow>
      <SummaryRow label="File">{importName(run)}</SummaryRow>
      <SummaryRow label="Kind of file">{run.kind}</SummaryRow>
      <SummaryRow label="Status">
        <ImportStatusTag status={run.status} />
      </SummaryRow>
      <SummaryRow label="Started">
        <DateTime iso={run.startedAt} />
      </SummaryRow>
      <SummaryRow label="Finished">{run.finishedAt === null ? 'Not yet' : <DateTime iso={run.finishedAt} />}</SummaryRow>
      <SummaryRow label="Records read">{formatCount(counts.read)}</SummaryRow>
      <SummaryRow label="Stored as new">{formatCount(counts.stored)}</SummaryRow>
      <SummaryRow label="Unchanged">{formatCount(counts.unchanged)}</SummaryRow>
      <SummaryRow label="Stored as a new version">{formatCount(counts.versioned)}</SummaryRow>
      <SummaryRow label="Rejected">{formatCount(counts.rejected)}</SummaryRow>
      <SummaryRow label="Data-quality issues">{formatCount(counts.issues)}</SummaryRow>
    </dl>
  );
}

/** Previous and next pages of issues, as ordinary links so each page has its own address. */
function IssuePagination({ id, offset, shown, total }: { id: string; offset: number; shown: number; total: number }) {
  const previous = offset > 0 ? Math.max(0, offset - issuesPageSize) : null;
  const next = offset + shown < total ? offset + shown : null;
  if (previous === null && next === null) return null;
  const range = (from: number) => `Issues ${formatCount(from + 1)} to ${formatCount(Math.min(from + issuesPageSize, total))}`;
  const href = (from: number) => `${importPath(id)}${from === 0 ? '' : `?offset=${from}`}`;
  return (
    <nav className="nhsuk-pagination" role="navigation" aria-label="Pages of issues">
      <ul className="nhsuk-list nhsuk-pagination__list">
        {previous !== null && <PageLink direction="previous" href={href(previous)} label={range(previous)} />}
        {next !== null && <PageLink direction="next" href={href(next)} label={range(next)} />}
      </ul>
    </nav>
  );
}

function Report({ id, run, page, offset }: { id: string; run: ImportRun; page: ImportIssuesPage; offset: number }) {
  const { total, issues } = page;
  return (
    <>
      <Counts run={run} />
      <h2>Data-quality report</h2>
      {total === 0 ? (
        <p>No issues: every record was taken as it was.</p>
      ) : (
        <>
          <p>
            {total === 1 ? '1 issue' : `${formatCount(total)} issues`}, {formatCount(run.counts.rejected)} rejected.
            {issues.length < total &&
              ` Showing ${formatCount(offset + 1)} to ${formatCount(offset + issues.length)}.`}
          </p>
          <ImportIssuesTable issues={issues} first={offset} />
          <IssuePagination id={id} offset={offset} shown={issues.length} total={total} />
        </>
      )}
    </>
  );
}

/** One import: what became of its records, and the issues it found, a page at a time. */
export function ImportPage({ id }: { id: string }) {
  const offset = offsetInAddress();
  const { state, retry } = useLoad((signal) => loadReport(id, offset, signal), `${id}@${offset}`);
  const notFound = state.status === 'failed' && isNotFound(state.error);
  const heading = notFound ? 'Import not found' : state.status === 'loaded' ? `Import of ${importName(state.value.run)}` : 'Import';
  usePageTitle(heading);
  return (
    <>
      <a className="nhsuk-back-link" href="/imports">
        Back to imports
      </a>
      <h1>{heading}</h1>
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Loading…</p>}
      </div>
      {notFound && (
        <p>
          There is no import with this address. See <a href="/imports">all imports</a>.
        </p>
      )}
      {state.status === 'failed' && !notFound && <LoadError what="import" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && <Report id={id} run={state.value.run} page={state.value.page} offset={offset} />}
    </>
  );
}

/** One "Previous" or "Next" link of the NHS pagination pattern. */
function PageLink({ direction, href, label }: { direction: 'previous' | 'next'; href: string; label: string }) {
  const previous = direction === 'previous';
  return (
    <li className={previous ? 'nhsuk-pagination-item--previous' : 'nhsuk-pagination-item--next'}>
      <a className={`nhsuk-pagination__link nhsuk-pagination__link--${previous ? 'prev' : 'next'}`} href={href} rel={previous ? 'prev' : 'next'}>
        <span className="nhsuk-pagination__title">
          {previous ? 'Previous' : 'Next'}<span className="nhsuk-u-visually-hidden"> page</span>
        </span>
        <span className="nhsuk-u-visually-hidden">:</span>
        <span className="nhsuk-pagination__page">{label}</span>
      </a>
    </li>
  );
}
