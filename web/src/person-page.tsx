import { useRef, useState } from 'react';
import { AccessReasons } from './access-reasons.js';
import { ApiError } from './api.js';
import { IdentitiesTable } from './identities-table.js';
import { LoadError } from './load-error.js';
import { PersonHeader } from './person-header.js';
import { PersonMerges } from './person-merges.js';
import { PersonRisk } from './person-risk.js';
import { PersonSummary } from './person-summary.js';
import { PersonTimeline } from './person-timeline.js';
import type { Person } from './person.js';
import { fetchPerson } from './record-api.js';
import { moneyPath } from './finance-routes.js';
import { hasRole, isCareRole, moneyRoles } from './roles.js';
import { accessLogPath, carersPath, careTeamPath, consentPath } from './routes.js';
import { useSession } from './session-context.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

function PersonNotFound() {
  const session = useSession();
  const staff = isCareRole(session?.signedIn.role);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>No such person, or not one you may see</h1>
        <p>
          There is no one with this address in the shared care record, or there is, but you have no relationship with them that lets you see
          their record (such as their registration at your GP practice, care by your organisation, or a place on their care team).
        </p>
        <p>If you followed a link or a bookmark, the record may have been merged into another person’s.</p>
        <p>What you can do:</p>
        <ul>
          <li>
            <a href="/people">search again</a> by name, NHS number, date of birth or postcode
          </li>
          {staff && (
            <li>
              in an emergency, when you need the record now to care for the person, use <a href="/emergency-access">emergency access</a>
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}

/**
 * Links to who has looked at the record (for the person themselves), the person's sharing choices,
 * their care team and the carers they let see the record.
 */
function RecordLinks({ id }: { id: string }) {
  const session = useSession();
  const self = session?.signedIn.role === 'person';
  return (
    <nav aria-label="About this record">
      <ul className="nhsuk-list">
        {self && (
          <li>
            <a href={accessLogPath(id)}>Who has looked at this record</a>
          </li>
        )}
        <li>
          <a href={consentPath(id)}>Sharing choices</a>
        </li>
        <li>
          <a href={careTeamPath(id)}>{self ? 'Your care team' : 'Care team'}</a>
        </li>
        <li>
          <a href={carersPath(id)}>{self ? 'Carers who can see your record' : 'Carers who can see this record'}</a>
        </li>
        {hasRole(moneyRoles, session?.signedIn.role) && (
          <li>
            <a href={moneyPath(id)}>{self ? 'Your money and budgets' : 'Money and budgets'}</a>
          </li>
        )}
      </ul>
    </nav>
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
  const session = useSession();
  usePageTitle(notFound ? 'No such person, or not one you may see' : person !== undefined ? person.header.name : 'Shared care record');
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
          <AccessReasons personId={person.id} />
          <RecordLinks id={person.id} />
          <PersonSummary summary={person.summary} />
          <PersonRisk personId={person.id} />
          <IdentitiesTable identities={person.identities} />
          <PersonTimeline key={version} personId={person.id} />
          {/* Merging and undoing are for the staff who care for the person, not for the person themselves. */}
          {isCareRole(session?.signedIn.role) && <PersonMerges person={person} onChanged={() => { setVersion((v) => v + 1); }} />}
        </>
      )}
    </>
  );
}
