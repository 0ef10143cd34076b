import { type SyntheticEvent, useEffect, useRef, useState } from 'react';
import type { Consent, ConsentDirective } from './access.js';
import { fetchConsent, recordConsent, withdrawConsent } from './access-api.js';
import { ApiError, problemText } from './api.js';
import { DateTime } from './date-time.js';
import { ErrorSummary, type FieldError } from './error-summary.js';
import { describedBy, fieldErrorsOf, FormField } from './form-field.js';
import { LoadError, needsSignIn } from './load-error.js';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
import { BackToRecord, RecordHeading, RecordSignInNeeded } from './record-subpage.js';
import { useSession } from './session-context.js';
import { Tag } from './tag.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const fields = {
  organisationId: { id: 'restrict-organisation', message: 'Choose the organisation that should not see the record' },
  note: { id: 'restrict-note', message: 'Shorten the note to 2,000 characters or fewer' },
} as const;

function choiceText(d: ConsentDirective): string {
  return d.kind === 'dissent' ? 'Objects to sharing' : `Not shared with ${d.organisation?.name ?? 'an organisation'}`;
}

const columns = [{ heading: 'Choice' }, { heading: 'Recorded' }, { heading: 'Note' }, { heading: 'Change' }];

function DirectivesTable({ caption, directives, busy, onWithdraw }: {
  caption: string; directives: readonly ConsentDirective[]; busy: boolean; onWithdraw?: (d: ConsentDirective) => void;
}) {
  return (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--m">{caption}</caption>
      <ResponsiveHead columns={columns} />
      <tbody className="nhsuk-table__body">
        {directives.map((d) => (
          <tr className="nhsuk-table__row" role="row" key={String(d.id)}>
            <ResponsiveCell heading="Choice">
              <Tag colour={d.withdrawnAt === null ? 'blue' : 'grey'}>{choiceText(d)}</Tag>
            </ResponsiveCell>
            <ResponsiveCell heading="Recorded">
              <DateTime iso={d.recordedAt} /> by {d.recordedBy}
            </ResponsiveCell>
            <ResponsiveCell heading="Note">{d.note === null || d.note === '' ? 'None' : d.note}</ResponsiveCell>
            <ResponsiveCell heading="Change">
              {d.withdrawnAt !== null ? (
                <>
                  Withdrawn <DateTime iso={d.withdrawnAt} />
                  {d.withdrawnBy !== null && <> by {d.withdrawnBy}</>}
                </>
              ) : onWithdraw !== undefined ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                  disabled={busy}
                  onClick={() => { onWithdraw(d); }}
                >
                  Withdraw<span className="nhsuk-u-visually-hidden"> the choice: {choiceText(d)}</span>
                </button>
              ) : null}
            </ResponsiveCell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What sharing choices never stop (the lawful exceptions), said before any choice is made. */
function Exceptions({ self }: { self: boolean }) {
  const whose = self ? 'your' : 'the person’s';
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <h2 className="nhsuk-heading-s">What sharing choices do not stop</h2>
      <ul className="nhsuk-u-margin-bottom-0">
        <li>
          In an emergency, staff caring for {self ? 'you' : 'the person'} can still use emergency access to see {whose} record. It is logged,
          reviewed by the information governance lead, and shown in who has looked at the record.
        </li>
        <li>{self ? 'Your' : 'Their'} own GP practice still sees {whose} record.</li>
        <li>Each organisation that holds records about {self ? 'you' : 'the person'} still sees the records it holds itself.</li>
      </ul>
    </div>
  );
}

/**
 * A person's sharing choices: objecting to their record being shared (dissent), or keeping one
 * organisation from seeing it (restrict), and withdrawing either. The person makes them, or staff
 * who care for them record them on their behalf.
 */
export function ConsentPage({ id }: { id: string }) {
  const session = useSession();
  const self = session?.signedIn.role === 'person';
  const [version, setVersion] = useState(0);
  const { state, retry } = useLoad((signal) => fetchConsent(id, signal), `${id}#${String(version)}`);
  const shown = useRef<Consent | undefined>(undefined);
  if (state.status === 'loaded') shown.current = state.value;
  const consent = shown.current;
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [signInNeeded, setSignInNeeded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [dissentNote, setDissentNote] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [restrictNote, setRestrictNote] = useState('');
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice !== null) noticeRef.current?.focus();
  }, [notice]);
  usePageTitle(errors.length > 0 ? 'Error: Sharing choices' : 'Sharing choices');

  const change = async (run: () => Promise<unknown>, done: string, fallbackId: string) => {
    setBusy(true);
    setErrors([]);
    setNotice(null);
    try {
      await run();
      setNotice(done);
      setVersion((v) => v + 1);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setSignInNeeded(true);
      else if (error instanceof ApiError && error.status === 400) setErrors(fieldErrorsOf(error, fields, fallbackId));
      else setErrors([{ fieldId: '', message: `The change was not saved. ${problemText(error)}` }]);
    } finally {
      setBusy(false);
    }
  };
  const dissent = (event: SyntheticEvent) => {
    event.preventDefault();
    void change(async () => {
      await recordConsent(id, { kind: 'dissent', ...(dissentNote.trim() !== '' ? { note: dissentNote.trim() } : {}) });
      setDissentNote('');
    }, 'Saved: the objection to sharing is recorded.', 'dissent-note');
  };
  const restrict = (event: SyntheticEvent) => {
    event.preventDefault();
    if (organisationId === '') {
      setErrors([{ fieldId: fields.organisationId.id, message: fields.organisationId.message }]);
      return;
    }
    const name = consent?.organisations.find((o) => o.id === organisationId)?.name ?? organisationId;
    void change(async () => {
      await recordConsent(id, { kind: 'restrict', organisationId, ...(restrictNote.trim() !== '' ? { note: restrictNote.trim() } : {}) });
      setOrganisationId('');
      setRestrictNote('');
    }, `Saved: ${name} will no longer see the record.`, fields.organisationId.id);
  };
  const withdraw = (d: ConsentDirective) => {
    void change(() => withdrawConsent(String(d.id)), `Saved: the choice “${choiceText(d)}” is withdrawn.`, '');
  };

  if (signInNeeded || (state.status === 'failed' && needsSignIn(state.error))) {
    return <RecordSignInNeeded what="sharing choices" self={self} title={'Sharing choices'} />;
  }
  const current = consent?.directives.filter((d) => d.withdrawnAt === null) ?? [];
  const earlier = consent?.directives.filter((d) => d.withdrawnAt !== null) ?? [];
  const dissenting = current.some((d) => d.kind === 'dissent');
  const restricted = new Set(current.filter((d) => d.kind === 'restrict').map((d) => d.organisation?.id));
  const choosable = consent?.organisations.filter((o) => !restricted.has(o.id)) ?? [];
  const errorOf = (fieldId: string) => errors.filter((e) => e.fieldId === fieldId).map((e) => e.message).join('. ') || undefined;
  const organisationError = errorOf(fields.organisationId.id);
  const restrictNoteError = errorOf(fields.note.id);
  const dissentNoteError = errorOf('dissent-note');
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {errors.length > 0 && <ErrorSummary errors={errors} />}
        <RecordHeading self={self} title={'Sharing choices'} />
        <p>
          {self
            ? 'You can choose how your record is shared between the organisations that care for you: object to it being shared at all, or stop one organisation seeing it. You can change your mind at any time.'
            : 'These are the person’s own choices about how their record is shared. Record a choice here only when the person has asked you to, and say so in the note.'}
        </p>
        <div role="status" aria-live="polite">
          {state.status === 'loading' && consent === undefined && <p>Loading…</p>}
          {notice !== null && (
            <p className="nhsuk-inset-text" tabIndex={-1} ref={noticeRef}>
              {notice}
            </p>
          )}
        </div>
        {state.status === 'failed' && <LoadError what="sharing choices" error={state.error} onRetry={retry} />}
        <Exceptions self={self} />
        {consent !== undefined && (
          <>
            {current.length === 0 ? (
              <>
                <h2>Choices in place</h2>
                <p>There are no sharing choices in place: the record is shared with the organisations that care for {self ? 'you' : 'the person'}.</p>
              </>
            ) : (
              <DirectivesTable caption="Choices in place" directives={current} busy={busy} onWithdraw={withdraw} />
            )}

            <h2>Object to sharing</h2>
            {dissenting ? (
              <p>An objection to sharing is in place. Withdraw it above to share the record again.</p>
            ) : (
              <form noValidate onSubmit={dissent}>
                <p>
                  Only {self ? 'your' : 'the person’s'} GP practice and the organisations that hold records about {self ? 'you' : 'them'} will see them,
                  each only the records it holds, except in an emergency.
                </p>
                <FormField id="dissent-note" label="Note (optional)" hint={self ? 'Anything the people caring for you should know about this choice.' : 'That the person asked for this, and anything those caring for them should know.'} error={dissentNoteError}>
                  <textarea
                    className={`nhsuk-textarea${dissentNoteError !== undefined ? ' nhsuk-textarea--error' : ''}`}
                    id="dissent-note" name="note" rows={3} maxLength={2000} value={dissentNote}
                    aria-describedby={describedBy('dissent-note', true, dissentNoteError)}
                    onChange={(e) => { setDissentNote(e.target.value); }}
                  />
                </FormField>
                <button className="nhsuk-button" type="submit" disabled={busy}>
                  Object to sharing
                </button>
              </form>
            )}

            <h2>Stop one organisation seeing {self ? 'your' : 'this'} record</h2>
            {choosable.length === 0 ? (
              <p>There is no other organisation to choose.</p>
            ) : (
              <form noValidate onSubmit={restrict}>
                <FormField id={fields.organisationId.id} label="Organisation" error={organisationError}>
                  <select
                    className={`nhsuk-select${organisationError !== undefined ? ' nhsuk-select--error' : ''}`}
                    id={fields.organisationId.id} name="organisationId" value={organisationId}
                    aria-describedby={describedBy(fields.organisationId.id, false, organisationError)}
                    onChange={(e) => { setOrganisationId(e.target.value); }}
                  >
                    <option value="">Choose an organisation</option>
                    {choosable.map((o) => (
                      <option key={o.id} value={o.id}>{o.name}</option>
                    ))}
                  </select>
                </FormField>
                <FormField id={fields.note.id} label="Note (optional)" hint={self ? 'Why, if you want to say.' : 'That the person asked for this, and why, if they said.'} error={restrictNoteError}>
                  <textarea
                    className={`nhsuk-textarea${restrictNoteError !== undefined ? ' nhsuk-textarea--error' : ''}`}
                    id={fields.note.id} name="note" rows={3} maxLength={2000} value={restrictNote}
                    aria-describedby={describedBy(fields.note.id, true, restrictNoteError)}
                    onChange={(e) => { setRestrictNote(e.target.value); }}
                  />
                </FormField>
                <button className="nhsuk-button" type="submit" disabled={busy}>
                  Stop this organisation seeing the record
                </button>
              </form>
            )}

            {earlier.length > 0 && <DirectivesTable caption="Earlier choices, withdrawn" directives={earlier} busy={busy} />}
          </>
        )}
        <BackToRecord id={id} self={self} />
      </div>
    </div>
  );
}
