import { useRef, useState } from 'react';
import { ApiError } from './api.js';
import { IdentitiesTable } from './identities-table.js';
import { LoadError } from './load-error.js';
import { PersonHeader } from './person-header.js';
import { PersonMerges } from './person-merges.js';
import { PersonSummary } from './person-summary.js';
import { PersonTimeline } from './person-timeline.js';
import type { Person } from './person.js';
import { fetchPerson } from './record-api.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

function PersonNotFound() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Person not found</h1>
        <p>There is no one with this address in the shared care record.</p>
        <p>If you followed a link or a bookmark, the record may have been merged into another person’s.</p>
        <p>
          You can <a href="/people">find a person</a> by name, NHS number, date of birth or postcode.
        </p>
      </div>
    </div>
  );
}

/**
 * A person's story from every source: who they are, what matters now, the record each system holds
 * of them, and everything that happened, newest first.
 */
export function PersonPage({ id }: { id: string }) {
  // Bumped after a merge or an undo, so the record is read again as it now is.
  const [version, setVersion] = useState(0);
  const { state, retry } = useLoad((signal) => fetchPerson(id, signal), `${id}#${String(version)}`);
  // What was shown stays while it is read again, so the merge history keeps its place and message.
  const shown = useRef<Person | undefined>(undefined);
  if (state.status === 'loaded') shown.current = state.value;
  const person = shown.current;
  // 400 too: an id the server cannot even read names no one.
  const notFound = state.status === 'failed' && state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 400);
  usePageTitle(notFound ? 'Person not found' : person !== undefined ? person.header.name : 'Shared care record');
  if (notFound) return <PersonNotFound />;
  return (
    <>
      {person === undefined && <h1>Shared care record</h1>}
      <div role="status" aria-live="polite">
        {state.status === 'loading' && person === undefined && <p>Loading…</p>}
      </div>
      {state.status === 'failed' && <LoadError what="person’s record" error={state.error} onRetry={retry} />}
      {person !== undefined && (
        <>
          <PersonHeader header={person.header} />
          <PersonSummary summary={person.summary} />
          <IdentitiesTable identities={person.identities} />
          <PersonTimeline key={version} personId={person.id} />
          <PersonMerges person={person} onChanged={() => { setVersion((v) => v + 1); }} />
        </>
      )}
    </>
  );
}
