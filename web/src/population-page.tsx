import { useEffect, useRef, useState } from 'react';
import { type DisclosureControl, type PopulationCell, pseudonymisedCsv } from './analytics.js';
import { fetchAllPseudonymised, fetchPopulation } from './analytics-api.js';
import { problemText } from './api.js';
import { formatCount } from './format.js';
import { LoadError, needsSignIn, SignInNeeded } from './load-error.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const sexes: Readonly<Record<string, string>> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Not known' };

/** The words for a suppressed count, from the disclosure control the server applied. */
function suppressedText(control: DisclosureControl): string {
  return `Fewer than ${String(control.suppressBelow)}`;
}

function columnsFor(control: DisclosureControl): TableColumn<PopulationCell>[] {
  const count = (n: number | null) => (n === null ? <span className="nhsuk-u-secondary-text-colour">{suppressedText(control)}</span> : formatCount(n));
  return [
    { heading: 'GP practice', cell: (c) => c.practice ?? 'Not known' },
    { heading: 'Age band', cell: (c) => c.ageBand ?? 'Not known' },
    { heading: 'Sex', cell: (c) => (c.sex === null ? 'Not known' : sexes[c.sex] ?? c.sex) },
    { heading: 'People', cell: (c) => count(c.people), numeric: true },
    { heading: 'A&E attendances', cell: (c) => count(c.aeAttendances), numeric: true },
    { heading: 'Admissions', cell: (c) => count(c.admissions), numeric: true },
  ];
}

/** How counts are kept from identifying anyone, and who is left out, said above the table. */
function DisclosureNote({ control }: { control: DisclosureControl }) {
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <h2 className="nhsuk-heading-s">How the counts are protected</h2>
      <ul className="nhsuk-u-margin-bottom-0">
        <li>
          So that no one can be recognised, a count from 1 to {control.suppressBelow - 1} is not shown: it says “{suppressedText(control)}”.
          Every other count is rounded to the nearest {control.roundTo}, so totals may not add up.
        </li>
        <li>People who have objected to their record being shared are left out, and so are people who have died.</li>
        <li>Attendances and admissions are those of the last year.</li>
      </ul>
    </div>
  );
}

type Extract = { status: 'idle' } | { status: 'fetching'; rows: number } | { status: 'ready'; rows: number; url: string } | { status: 'failed'; message: string };

/**
 * The pseudonymised rows as a CSV file, built in the browser from every page of the API. Each page
 * is an extract in the audit trail, so the rows are fetched only when you ask for them.
 */
function PseudonymisedDownload() {
  const [extract, setExtract] = useState<Extract>({ status: 'idle' });
  const url = extract.status === 'ready' ? extract.url : null;
  useEffect(() => () => { if (url !== null) URL.revokeObjectURL(url); }, [url]);
  const readyRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (url !== null) readyRef.current?.focus();
  }, [url]);
  const prepare = () => {
    setExtract({ status: 'fetching', rows: 0 });
    fetchAllPseudonymised((rows) => { setExtract({ status: 'fetching', rows }); }).then(
      (people) => {
        const blob = new Blob([pseudonymisedCsv(people)], { type: 'text/csv;charset=utf-8' });
        setExtract({ status: 'ready', rows: people.length, url: URL.createObjectURL(blob) });
      },
      (error: unknown) => { setExtract({ status: 'failed', message: problemText(error) }); },
    );
  };
  return (
    <section aria-labelledby="pseudonymised-heading">
      <h2 id="pseudonymised-heading">Pseudonymised rows</h2>
      <p className="nhsuk-u-reading-width">
        One row for each person, with a pseudonym in place of who they are: their age band, sex, postcode district, GP practice, the kinds of
        service that hold records about them, and their activity over the last year. There are no names, addresses, dates of birth or NHS
        numbers. The same person has the same pseudonym each time, so you can link files you download.
      </p>
      <p className="nhsuk-u-reading-width">Each download is recorded in the audit trail. Keep the file within your organisation and delete it when you no longer need it.</p>
      <div role="status" aria-live="polite">
        {extract.status === 'fetching' && <p>Getting the rows… {formatCount(extract.rows)} so far.</p>}
        {extract.status === 'ready' && (
          <p>
            <a href={extract.url} download="pseudonymised-people.csv" ref={readyRef}>
              Download the pseudonymised rows (CSV, {formatCount(extract.rows)} {extract.rows === 1 ? 'row' : 'rows'})
            </a>
          </p>
        )}
      </div>
      {extract.status === 'failed' && (
        <div className="nhsuk-error-summary" role="alert">
          <h3 className="nhsuk-error-summary__heading">There is a problem</h3>
          <div className="nhsuk-error-summary__body">
            <p>The rows could not be fetched. {extract.message}</p>
          </div>
        </div>
      )}
      {extract.status !== 'ready' && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={extract.status === 'fetching'} onClick={prepare}>
          Prepare the CSV file
        </button>
      )}
    </section>
  );
}

/**
 * "Population", for commissioners and analysts: the people in the shared care record by GP practice,
 * age band and sex, with A&E attendances and admissions, under disclosure control; and the
 * pseudonymised rows to download. Neither names anyone.
 */
export function PopulationPage() {
  usePageTitle('Population');
  const { state, retry } = useLoad((signal) => fetchPopulation(signal), 'population');
  if (state.status === 'failed' && needsSignIn(state.error)) {
    return (
      <>
        <SignInNeeded what="population" />
        <h1>Population</h1>
      </>
    );
  }
  return (
    <>
      <h1>Population</h1>
      <p className="nhsuk-u-reading-width">
        The people in the shared care record by GP practice, age band and sex, with their A&amp;E attendances and hospital admissions, for
        planning and commissioning services. You see counts, never anyone’s record.
      </p>
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Loading…</p>}
        {state.status === 'loaded' && state.value.cells.length === 0 && <p>There is no one in the shared care record to count yet.</p>}
      </div>
      {state.status === 'failed' && <LoadError what="population table" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && (
        <>
          <DisclosureNote control={state.value.disclosureControl} />
          {state.value.cells.length > 0 && (
            <ResponsiveTable
              caption="People, A&E attendances and admissions by GP practice, age band and sex"
              columns={columnsFor(state.value.disclosureControl)}
              rows={state.value.cells}
              rowKey={(c) => `${c.practice ?? ''}|${c.ageBand ?? ''}|${c.sex ?? ''}`}
            />
          )}
        </>
      )}
      <PseudonymisedDownload />
    </>
  );
}
