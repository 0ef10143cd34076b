import { useRef } from 'react';
import type { Organisation } from './access.js';
import { fetchConsent } from './access-api.js';
import { AddToCareTeamForm, careTeamErrors } from './care-team-form.js';
import { DateTime } from './date-time.js';
import { ErrorSummary } from './error-summary.js';
import { fieldErrorsOf } from './form-field.js';
import { LoadError, needsSignIn } from './load-error.js';
import { type CareTeamMember, memberKindText } from './relationships.js';
import { addToCareTeam, endCareTeamMembership, fetchCareTeam, type NewCareTeamMember } from './relationships-api.js';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
import { isCareRole } from './roles.js';
import { BackToRecord, RecordHeading, RecordSignInNeeded } from './record-subpage.js';
import { useSession } from './session-context.js';
import { Tag } from './tag.js';
import { useChange } from './use-change.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Members on the care team now, whom staff can take off it (`onEnd`), or whose place has ended (`ended`). */
function MembersTable({ caption, members, busy, ended = false, onEnd }: {
  caption: string; members: readonly CareTeamMember[]; busy: boolean; ended?: boolean; onEnd?: (m: CareTeamMember) => void;
}) {
  const last = ended ? 'Ended' : onEnd !== undefined ? 'Change' : undefined;
  const columns = [{ heading: 'Who' }, { heading: 'Why' }, { heading: 'Added by' }, { heading: 'Since' }, ...(last !== undefined ? [{ heading: last }] : [])];
  return (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
      <ResponsiveHead columns={columns} />
      <tbody className="nhsuk-table__body">
        {members.map((m) => (
          <tr className="nhsuk-table__row" role="row" key={m.id}>
            <ResponsiveCell heading="Who">
              <span className="app-stack">
                <span>{m.member.name}</span>
                <span><Tag colour="white">{memberKindText(m.member.kind)}</Tag></span>
              </span>
            </ResponsiveCell>
            <ResponsiveCell heading="Why">{sentence(m.reason)}</ResponsiveCell>
            <ResponsiveCell heading="Added by">{m.addedBy ?? 'Not recorded'}</ResponsiveCell>
            <ResponsiveCell heading="Since"><DateTime iso={m.since} /></ResponsiveCell>
            {ended && <ResponsiveCell heading="Ended">{m.endedAt === null ? 'Not ended' : <DateTime iso={m.endedAt} />}</ResponsiveCell>}
            {!ended && onEnd !== undefined && (
              <ResponsiveCell heading="Change">
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                  disabled={busy}
                  onClick={() => { onEnd(m); }}
                >
                  End<span className="nhsuk-u-visually-hidden"> {m.member.name}’s place on the care team</span>
                </button>
              </ResponsiveCell>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The person's care team: the organisations, teams and people who see the record because they care
 * for the person, why, who added them and since when. Staff who care for the person add to it and
 * end places on it; everyone else who may see the record sees the list.
 */
export function CareTeamPage({ id }: { id: string }) {
  const session = useSession();
  const self = session?.signedIn.role === 'person';
  const staff = isCareRole(session?.signedIn.role);
  const change = useChange();
  const { state, retry } = useLoad((signal) => fetchCareTeam(id, signal), `${id}#${String(change.version)}`);
  const shown = useRef<CareTeamMember[] | undefined>(undefined);
  if (state.status === 'loaded') shown.current = state.value;
  const members = shown.current;
  // The organisations one may add, as the sharing choices list them; only staff need them.
  const organisations = useLoad((signal) => (staff ? fetchConsent(id, signal).then((c) => c.organisations) : Promise.resolve<Organisation[]>([])), `${id}#${String(staff)}`);
  const title = self ? 'Your care team' : 'Care team';
  usePageTitle(change.errors.length > 0 ? `Error: ${title}` : title);

  const add = (input: NewCareTeamMember): Promise<boolean> =>
    change.run(() => addToCareTeam(id, input), (added) => `Saved: ${added.member.name} is on the care team and can now see the record.`, careTeamErrors);
  const end = (m: CareTeamMember) => {
    void change.run(() => endCareTeamMembership(m.id), `Saved: ${m.member.name} is no longer on the care team.`, (error) => fieldErrorsOf(error, {}, ''));
  };

  if (change.signInNeeded || (state.status === 'failed' && needsSignIn(state.error))) {
    return <RecordSignInNeeded what="care team" self={self} title={title} />;
  }
  const current = members?.filter((m) => m.endedAt === null) ?? [];
  const ended = members?.filter((m) => m.endedAt !== null) ?? [];
  const onTeam = new Set(current.filter((m) => m.member.kind === 'organisation').map((m) => m.member.id));
  const choosable = organisations.state.status === 'loaded' ? organisations.state.value.filter((o) => !onTeam.has(o.id)) : [];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        {change.errors.length > 0 && <ErrorSummary errors={change.errors} />}
        <RecordHeading self={self} title={title} />
        <p className="nhsuk-u-reading-width">
          {self
            ? 'These are the organisations, teams and people caring for you who can see your record because they are on your care team. Your GP practice, and each organisation that holds records about you, see them as well.'
            : 'Those on the care team see the person’s record because they care for them. The person’s GP practice, and each organisation that holds records about them, see it as well.'}
        </p>
        <div role="status" aria-live="polite">
          {state.status === 'loading' && members === undefined && <p>Loading…</p>}
          {change.notice !== null && (
            <p className="nhsuk-inset-text" tabIndex={-1} ref={change.noticeRef}>
              {change.notice}
            </p>
          )}
        </div>
        {state.status === 'failed' && <LoadError what="care team" error={state.error} onRetry={retry} />}
        {members !== undefined && (
          <>
            {current.length === 0 ? (
              <>
                <h2>On the care team</h2>
                <p>No one is on the care team.</p>
              </>
            ) : (
              <MembersTable caption="On the care team" members={current} busy={change.busy} {...(staff ? { onEnd: end } : {})} />
            )}
            {staff && (
              <div className="nhsuk-grid-row">
                <div className="nhsuk-grid-column-two-thirds">
                  <AddToCareTeamForm organisations={choosable} busy={change.busy} errorOf={change.errorOf} onInvalid={change.setErrors} onSubmit={add} />
                </div>
              </div>
            )}
            {ended.length > 0 && <MembersTable caption="Earlier members" members={ended} busy={change.busy} ended />}
          </>
        )}
        <BackToRecord id={id} self={self} />
      </div>
    </div>
  );
}
