import { useState } from 'react';
import type { AuditEntry, AuditVerification } from './access.js';
import { type AuditSearch, searchAudit, verifyAudit } from './access-api.js';
import { DateTime } from './date-time.js';
import { ErrorSummary } from './error-summary.js';
import { describedBy, FormField } from './form-field.js';
import { formatCount } from './format.js';
import { LoadError } from './load-error.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { accessLogPath } from './routes.js';
import { Tag } from './tag.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';
import { WarningCallout } from './warning-callout.js';

const path = '/ig/audit';

/** The search in the address (`/ig/audit?person=…&actor=…&action=…&before=…`), so it can be bookmarked and paged. */
function searchInAddress(): AuditSearch {
  const params = new URLSearchParams(window.location.search);
  const text = (name: string): string => params.get(name)?.trim() ?? '';
  return { person: text('person'), actor: text('actor'), action: text('action'), before: params.get('before') };
}

function addressOf(search: AuditSearch): string {
  const params = new URLSearchParams();
  if (search.person !== '') params.set('person', search.person);
  if (search.actor !== '') params.set('actor', search.actor);
  if (search.action !== '') params.set('action', search.action);
  if (search.before !== null) params.set('before', search.before);
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}

function Outcome({ outcome }: { outcome: AuditEntry['outcome'] }) {
  if (outcome === null) return <>Not recorded</>;
  const status = Number(outcome);
  return status >= 400 ? <Tag colour="red">Refused ({String(outcome)})</Tag> : <>{String(outcome)}</>;
}

const columns: readonly TableColumn<AuditEntry>[] = [
  { heading: 'Entry', cell: (e) => String(e.seq), numeric: true },
  { heading: 'When', cell: (e) => <DateTime iso={e.at} /> },
  { heading: 'Who', cell: (e) => e.actor },
  { heading: 'What', cell: (e) => e.action },
  {
    heading: 'Record',
    cell: (e) => e.resourceType === null ? 'None' : e.resourceType === 'Person' && e.resourceId !== null
      ? <a href={accessLogPath(e.resourceId)}>Person {e.resourceId}</a>
      : `${e.resourceType}${e.resourceId !== null ? ` ${e.resourceId}` : ''}`,
  },
  { heading: 'Outcome', cell: (e) => <Outcome outcome={e.outcome} /> },
  {
    heading: 'Why and detail',
    cell: (e) => (
      <span className="app-stack">
        <span>{e.reason ?? 'No reason recorded'}</span>
        {e.detail !== null && <code className="nhsuk-body-s nhsuk-u-margin-bottom-0">{e.detail}</code>}
      </span>
    ),
  },
];

function SearchForm({ search, personError }: { search: AuditSearch; personError: string | undefined }) {
  const field = (name: 'person' | 'actor' | 'action', label: string, hint: string) => {
    const id = `audit-${name}`;
    const error = name === 'person' ? personError : undefined;
    return (
      <FormField id={id} label={label} hint={hint} error={error}>
        <input
          className={`nhsuk-input nhsuk-input--width-20${error !== undefined ? ' nhsuk-input--error' : ''}`} id={id} name={name} type="text"
          spellCheck={false} autoComplete="off" defaultValue={search[name]} aria-describedby={describedBy(id, true, error)}
        />
      </FormField>
    );
  };
  return (
    <form
      method="get" action={path} role="search" aria-label="Search the audit trail" noValidate
      onSubmit={(event) => {
        // The address keeps only what was searched for, so that it reads well when bookmarked or shared.
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const value = (name: string): string => {
          const v = form.get(name);
          return typeof v === 'string' ? v.trim() : '';
        };
        window.location.assign(addressOf({ person: value('person'), actor: value('actor'), action: value('action'), before: null }));
      }}
    >
      {field('person', 'Person', 'The person’s id in the shared care record, as in the address of their record')}
      {field('actor', 'Who', 'Part of their name, or of a system’s name')}
      {field('action', 'What', 'For example read, search, break-glass, break-glass-review, sign-in, failed-sign-in')}
      <button className="nhsuk-button" type="submit">Search</button>
    </form>
  );
}

function Entries({ search }: { search: AuditSearch }) {
  const { state, retry } = useLoad((signal) => searchAudit(search, signal), addressOf(search));
  const filtered = search.person !== '' || search.actor !== '' || search.action !== '';
  return (
    <>
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Loading…</p>}
        {state.status === 'loaded' && state.value.entries.length === 0 && <p>No entries{filtered ? ' match this search' : ''}.</p>}
      </div>
      {state.status === 'failed' && <LoadError what="audit trail" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && state.value.entries.length > 0 && (
        <ResponsiveTable
          caption={filtered ? 'Matching entries, newest first' : 'Entries, newest first'}
          columns={columns}
          rows={state.value.entries}
          rowKey={(e) => String(e.seq)}
        />
      )}
      {state.status === 'loaded' && (state.value.next !== null || search.before !== null) && (
        <ul className="nhsuk-list">
          {state.value.next !== null && (
            <li>
              <a href={addressOf({ ...search, before: state.value.next })}>Older entries</a>
            </li>
          )}
          {search.before !== null && (
            <li>
              <a href={addressOf({ ...search, before: null })}>Newest entries</a>
            </li>
          )}
        </ul>
      )}
    </>
  );
}

/** The chain's head in words: "entry 42, hash 3f2a9c…" (enough of the hash to compare with a copy kept elsewhere). */
function headText(head: AuditVerification['head']): string {
  if (head === null) return 'none';
  if (typeof head === 'string') return `${head.slice(0, 16)}…`;
  return `entry ${String(head.seq)}, hash ${head.hash.slice(0, 16)}…`;
}

function VerificationResult({ result }: { result: AuditVerification }) {
  if (result.ok) {
    return (
      <p className="nhsuk-inset-text">
        The audit trail is intact ({formatCount(result.entries)} {result.entries === 1 ? 'entry' : 'entries'}, head {headText(result.head)}).
      </p>
    );
  }
  return (
    <WarningCallout heading="The audit trail has been changed">
      <p>
        The check of {formatCount(result.entries)} entries found {result.breaks.length === 1 ? '1 break' : `${formatCount(result.breaks.length)} breaks`} in
        the chain: entries were changed, removed or added outside Joined Up. Keep a copy of this page and follow your incident procedure.
      </p>
      <ul className="nhsuk-u-margin-bottom-0">
        {result.breaks.map((b) => (
          <li key={`${String(b.seq)}-${b.message}`}>
            Entry {String(b.seq)}
            {(b.problem ?? b.kind) !== undefined && ` (${b.problem ?? b.kind ?? ''})`}: {b.message}
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}

/** Checks the audit trail's hash chain when asked (it reads every entry). */
function ChainCheck() {
  const [asked, setAsked] = useState(0);
  return (
    <section aria-labelledby="chain-heading">
      <h2 id="chain-heading">Is the audit trail intact?</h2>
      <p>Each entry carries a hash of the one before it, so any change to the trail outside Joined Up breaks the chain. The check reads every entry.</p>
      {asked === 0 ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => { setAsked(1); }}>
          Check the audit trail
        </button>
      ) : (
        <ChainCheckResult attempt={asked} onAgain={() => { setAsked((n) => n + 1); }} />
      )}
    </section>
  );
}

function ChainCheckResult({ attempt, onAgain }: { attempt: number; onAgain: () => void }) {
  const { state, retry } = useLoad((signal) => verifyAudit(signal), String(attempt));
  return (
    <div role="status" aria-live="polite">
      {state.status === 'loading' && <p>Checking…</p>}
      {state.status === 'failed' && <LoadError what="audit trail check" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && (
        <>
          <VerificationResult result={state.value} />
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onAgain}>
            Check again
          </button>
        </>
      )}
    </div>
  );
}

/**
 * The audit trail for the information governance lead: every look at a record, every change and
 * every sign-in, searched by person, by who or by what, and the check that the trail is intact.
 */
export function AuditTrailPage() {
  const search = searchInAddress();
  const personError = search.person === '' || /^\d{1,18}$/.test(search.person) ? undefined : 'Enter the person’s id in digits only, as in the address of their record';
  usePageTitle(personError === undefined ? 'Audit trail' : 'Error: Audit trail');
  return (
    <>
      {personError !== undefined && <ErrorSummary errors={[{ fieldId: 'audit-person', message: personError }]} />}
      <h1>Audit trail</h1>
      <p>Every look at a person’s record, every change and every sign-in, with who, why and what the answer was. The newest come first.</p>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-third">
          <SearchForm search={search} personError={personError} />
        </div>
        <div className="nhsuk-grid-column-two-thirds">
          <ChainCheck />
        </div>
      </div>
      {personError === undefined && <Entries search={search} />}
    </>
  );
}
