import { type SyntheticEvent, useRef, useState } from 'react';
import type { ApiError } from './api.js';
import { DateTime } from './date-time.js';
import { ErrorSummary, type FieldError } from './error-summary.js';
import { describedBy, fieldErrorsOf, FormField } from './form-field.js';
import { LoadError, needsSignIn } from './load-error.js';
import type { CarerAccess } from './relationships.js';
import { authoriseCarer, endCarerAccess, fetchCarers } from './relationships-api.js';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
import { BackToRecord, RecordHeading, RecordSignInNeeded } from './record-subpage.js';
import { useSession } from './session-context.js';
import { useChange } from './use-change.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const fields = {
  username: { id: 'carer-username', message: 'Enter the username of a carer’s own account: your care coordinator can set one up' },
  reason: { id: 'carer-reason', message: 'Shorten the reason to 500 characters or fewer' },
} as const;

/** The server's field problems in the words of this form: "already has access" reads badly after no field name. */
function carerErrors(error: ApiError): FieldError[] {
  return fieldErrorsOf(error, fields, fields.username.id).map((e) =>
    /^already has access$/i.test(e.message) ? { ...e, message: 'That carer can see your record already' } : e);
}

/** Carers with access, which the person can end (`onEnd`), or whose access has ended (`ended`). */
function CarersTable({ caption, carers, busy, ended = false, onEnd }: {
  caption: string; carers: readonly CarerAccess[]; busy: boolean; ended?: boolean; onEnd?: (c: CarerAccess) => void;
}) {
  const last = ended ? 'Ended' : onEnd !== undefined ? 'Change' : undefined;
  const columns = [{ heading: 'Carer' }, { heading: 'Since' }, { heading: 'Why' }, ...(last !== undefined ? [{ heading: last }] : [])];
  return (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
      <ResponsiveHead columns={columns} />
      <tbody className="nhsuk-table__body">
        {carers.map((c) => (
          <tr className="nhsuk-table__row" role="row" key={c.id}>
            <ResponsiveCell heading="Carer">
              <span className="app-stack">
                <span>{c.carer.name}</span>
                <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">Username: {c.carer.username}</span>
              </span>
            </ResponsiveCell>
            <ResponsiveCell heading="Since"><DateTime iso={c.since} /></ResponsiveCell>
            <ResponsiveCell heading="Why">{c.reason.charAt(0).toUpperCase() + c.reason.slice(1)}</ResponsiveCell>
            {ended && <ResponsiveCell heading="Ended">{c.endedAt === null ? 'Not ended' : <DateTime iso={c.endedAt} />}</ResponsiveCell>}
            {!ended && onEnd !== undefined && (
              <ResponsiveCell heading="Change">
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                  disabled={busy}
                  onClick={() => { onEnd(c); }}
                >
                  End access<span className="nhsuk-u-visually-hidden"> for {c.carer.name}</span>
                </button>
              </ResponsiveCell>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The form the person uses to let a carer see their record, by the username of the carer's own account. */
function AuthoriseCarerForm({ busy, errorOf, onSubmit }: {
  busy: boolean; errorOf: (id: string) => string | undefined; onSubmit: (input: { username: string; reason: string }) => Promise<boolean>;
}) {
  const [username, setUsername] = useState('');
  const [reason, setReason] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    void onSubmit({ username: username.trim(), reason: reason.trim() }).then((saved) => {
      if (saved) {
        setUsername('');
        setReason('');
      }
    });
  };
  const usernameError = errorOf(fields.username.id);
  const reasonError = errorOf(fields.reason.id);
  return (
    <form noValidate onSubmit={submit} aria-labelledby="authorise-carer-heading">
      <h2 id="authorise-carer-heading">Let a carer see your record</h2>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          Your carer needs an account of their own: ask your care coordinator to set one up for them. The care coordinator gives your carer a
          username; ask your carer for it and enter it here. Never give anyone your own password.
        </p>
      </div>
      <FormField id={fields.username.id} label="Your carer’s username" hint="The username of your carer’s own account, for example jo.carer." error={usernameError}>
        <input
          className={`nhsuk-input nhsuk-u-width-two-thirds${usernameError !== undefined ? ' nhsuk-input--error' : ''}`}
          id={fields.username.id} name="username" type="text" autoComplete="off" spellCheck={false} value={username}
          aria-describedby={describedBy(fields.username.id, true, usernameError)}
          onChange={(e) => { setUsername(e.target.value); }}
        />
      </FormField>
      <FormField id={fields.reason.id} label="Why (optional)" hint="Who they are to you, for example: my daughter, who helps me with appointments." error={reasonError}>
        <input
          className={`nhsuk-input${reasonError !== undefined ? ' nhsuk-input--error' : ''}`}
          id={fields.reason.id} name="reason" type="text" maxLength={500} value={reason}
          aria-describedby={describedBy(fields.reason.id, true, reasonError)}
          onChange={(e) => { setReason(e.target.value); }}
        />
      </FormField>
      <button className="nhsuk-button" type="submit" disabled={busy}>
        Let this carer see my record
      </button>
    </form>
  );
}

/**
 * "Carers who can see your record": the carers the person has let see it, with when and why, and
 * (for the person alone) a form to let another carer see it and a button to end each one's access.
 * Staff and carers see the list, unchanged.
 */
export function CarersPage({ id }: { id: string }) {
  const self = useSession()?.signedIn.role === 'person';
  const change = useChange();
  const { state, retry } = useLoad((signal) => fetchCarers(id, signal), `${id}#${String(change.version)}`);
  const shown = useRef<CarerAccess[] | undefined>(undefined);
  if (state.status === 'loaded') shown.current = state.value;
  const carers = shown.current;
  const title = self ? 'Carers who can see your record' : 'Carers who can see this record';
  usePageTitle(change.errors.length > 0 ? `Error: ${title}` : title);

  const authorise = async (input: { username: string; reason: string }): Promise<boolean> => {
    if (input.username === '') {
      change.setErrors([{ fieldId: fields.username.id, message: 'Enter your carer’s username' }]);
      return false;
    }
    return change.run(
      () => authoriseCarer(id, { username: input.username, ...(input.reason !== '' ? { reason: input.reason } : {}) }),
      (added) => `Saved: ${added.carer.name} can now see your record.`,
      carerErrors,
    );
  };
  const end = (c: CarerAccess) => {
    void change.run(() => endCarerAccess(c.id), `Saved: ${c.carer.name} can no longer see your record.`, (error) => fieldErrorsOf(error, {}, ''));
  };

  if (change.signInNeeded || (state.status === 'failed' && needsSignIn(state.error))) {
    return <RecordSignInNeeded what="carers who can see this record" self={self} title={title} />;
  }
  const current = carers?.filter((c) => c.endedAt === null) ?? [];
  const ended = carers?.filter((c) => c.endedAt !== null) ?? [];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {change.errors.length > 0 && <ErrorSummary errors={change.errors} />}
        <RecordHeading self={self} title={title} />
        <p>
          {self
            ? 'You can let someone who looks after you, such as a family member or a friend, see your record. They see what you see, except its most sensitive parts, until you end their access. You can end it at any time.'
            : 'These are the carers the person has let see their record. They see it, except its most sensitive parts. Only the person can let a carer see it, or end a carer’s access.'}
        </p>
        <div role="status" aria-live="polite">
          {state.status === 'loading' && carers === undefined && <p>Loading…</p>}
          {change.notice !== null && (
            <p className="nhsuk-inset-text" tabIndex={-1} ref={change.noticeRef}>
              {change.notice}
            </p>
          )}
        </div>
        {state.status === 'failed' && <LoadError what="carers who can see this record" error={state.error} onRetry={retry} />}
        {carers !== undefined && (
          <>
            {current.length === 0 ? (
              <>
                <h2>Carers with access</h2>
                <p>No carer can see {self ? 'your' : 'this'} record.</p>
              </>
            ) : (
              <CarersTable caption="Carers with access" carers={current} busy={change.busy} {...(self ? { onEnd: end } : {})} />
            )}
            {self && <AuthoriseCarerForm busy={change.busy} errorOf={change.errorOf} onSubmit={authorise} />}
            {ended.length > 0 && <CarersTable caption="Carers whose access has ended" carers={ended} busy={change.busy} ended />}
          </>
        )}
        <BackToRecord id={id} self={self} />
      </div>
    </div>
  );
}
