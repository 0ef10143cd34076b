import type { AccessLogEntry } from './access.js';
import { fetchAccessLog } from './access-api.js';
import { DateTime } from './date-time.js';
import { formatCount } from './format.js';
import { LoadError } from './load-error.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { roleName } from './roles.js';
import { accessLogPath, personPath } from './routes.js';
import { useSession } from './session-context.js';
import { Tag } from './tag.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

/** What was done, in words, when the server does not say. */
const actions: Readonly<Record<string, string>> = {
  read: 'Looked at the record',
  'break-glass': 'Emergency access',
  'break-glass-review': 'Review of an emergency access',
  'consent-recorded': 'Recorded a choice about sharing',
  'consent-withdrawn': 'Withdrew a choice about sharing',
};

function actionText(action: string): string {
  return actions[action] ?? action;
}

/** A look repeated within five minutes is one entry: "3 times". */
function timesText(times: number): string {
  return `${formatCount(times)} times`;
}

function refused(outcome: AccessLogEntry['outcome']): boolean {
  return Number(outcome) >= 400;
}

const columns: readonly TableColumn<AccessLogEntry>[] = [
  {
    heading: 'When',
    cell: (e) => (
      <span className="app-stack">
        <DateTime iso={e.at} />
        {e.times !== undefined && e.times > 1 && <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">{timesText(e.times)}</span>}
      </span>
    ),
  },
  { heading: 'Who', cell: (e) => e.who },
  { heading: 'Role', cell: (e) => (e.role === null ? 'None' : roleName(e.role)) },
  { heading: 'Organisation', cell: (e) => e.organisation ?? 'None' },
  {
    heading: 'What',
    cell: (e) => (
      <>
        {e.what ?? actionText(e.action)}
        {e.what === undefined && refused(e.outcome) && (
          <>
            {' '}
            <Tag colour="red">Refused</Tag>
          </>
        )}
      </>
    ),
  },
  { heading: 'Why', cell: (e) => (e.why === null || e.why === '' ? 'Not given' : e.why.charAt(0).toUpperCase() + e.why.slice(1)) },
];

/**
 * "Who has looked at this record": every look at the person's record and every change to it, with
 * who, their role and organisation, and why, newest first. For the person themselves and the IG lead.
 */
export function AccessLogPage({ id }: { id: string }) {
  usePageTitle('Who has looked at this record');
  const self = useSession()?.signedIn.role === 'person';
  const before = new URLSearchParams(window.location.search).get('before');
  const { state, retry } = useLoad((signal) => fetchAccessLog(id, before, signal), `${id}?${before ?? ''}`);
  return (
    <>
      <h1>Who has looked at this record</h1>
      <p>
        Everyone who looked at {self ? 'your' : 'this'} record, or changed it, is listed here: who they are, their role and organisation, and the
        reason the system had for letting them see it. The newest come first. Looking again within five minutes is shown once, with how many
        times.
      </p>
      {self && (
        <p>
          If you think someone looked at your record who should not have, tell your GP practice or the information governance lead of the
          organisation named.
        </p>
      )}
      <div role="status" aria-live="polite">
        {state.status === 'loading' && <p>Loading…</p>}
        {state.status === 'loaded' && state.value.entries.length === 0 && <p>No one has looked at this record{before !== null ? ' before these' : ''}.</p>}
      </div>
      {state.status === 'failed' && <LoadError what="list of who has looked at this record" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && state.value.entries.length > 0 && (
        <ResponsiveTable
          caption={before === null ? 'Looks at the record, newest first' : 'Older looks at the record'}
          columns={columns}
          rows={state.value.entries}
          rowKey={(e, i) => `${e.at}-${String(i)}`}
        />
      )}
      {state.status === 'loaded' && (state.value.next !== null || before !== null) && (
        <ul className="nhsuk-list">
          {state.value.next !== null && (
            <li>
              <a href={`${accessLogPath(id)}?before=${encodeURIComponent(state.value.next)}`}>Older entries</a>
            </li>
          )}
          {before !== null && (
            <li>
              <a href={accessLogPath(id)}>Newest entries</a>
            </li>
          )}
        </ul>
      )}
      {self && (
        <p>
          <a href={personPath(id)}>Back to your record</a>
        </p>
      )}
    </>
  );
}
