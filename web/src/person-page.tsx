import { ApiError } from './api.js';
import { IdentitiesTable } from './identities-table.js';
import { LoadError } from './load-error.js';
import { PersonHeader } from './person-header.js';
import { PersonSummary } from './person-summary.js';
import { PersonTimeline } from './person-timeline.js';
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
  const { state, retry } = useLoad((signal) => fetchPerson(id, signal), id);
  // 400 too: an id the server cannot even read names no one.
  const notFound = state.status === 'failed' && state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 400);
  usePageTitle(notFound ? 'Person not found' : state.status === 'loaded' ? state.value.header.name : 'Shared care record');
  if (notFound) return <PersonNotFound />;
  return (
    <>
      {state.status !== 'loaded' && <h1>Shared care record</h1>}
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Loading…</p>}
      </div>
      {state.status === 'failed' && <LoadError what="person’s record" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && (
        <>
          <PersonHeader header={state.value.header} />
          <PersonSummary summary={state.value.summary} />
          <IdentitiesTable identities={state.value.identities} />
          <PersonTimeline personId={state.value.id} />
        </>
      )}
    </>
  );
}
