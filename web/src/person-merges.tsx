import { type SyntheticEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';
import { DateTime } from './date-time.js';
import { formatDate, formatNhsNumber } from './format.js';
import { fetchMerges, mergePerson, undoMerge } from './linkage-api.js';
import type { PersonMerge } from './linkage.js';
import { LoadError } from './load-error.js';
import type { Person } from './person.js';
import { fetchPerson } from './record-api.js';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
import { personPath } from './routes.js';
import { useLoad } from './use-load.js';

const columns = [{ heading: 'When' }, { heading: 'Merge' }, { heading: 'Records moved' }, { heading: 'By and why' }, { heading: 'Undo' }];

function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.problem?.detail ?? error.problem?.title ?? error.message;
  return 'Something unexpected went wrong.';
}

function PersonLink({ id, self }: { id: string; self: string }) {
  return id === self ? <>this person</> : <a href={personPath(id)}>person {id}</a>;
}

function MergeRow({ merge, personId, busy, onUndo }: { merge: PersonMerge; personId: string; busy: boolean; onUndo: (merge: PersonMerge) => void }) {
  return (
    <tr className="nhsuk-table__row" role="row">
      <ResponsiveCell heading="When">
        <DateTime iso={merge.mergedAt} />
      </ResponsiveCell>
      <ResponsiveCell heading="Merge">
        {merge.intoPerson === personId ? 'Into this person from ' : 'Out of this person into '}
        <PersonLink id={merge.intoPerson === personId ? merge.fromPerson : merge.intoPerson} self={personId} />
      </ResponsiveCell>
      <ResponsiveCell heading="Records moved">
        {merge.identities.length === 0 ? (
          'None'
        ) : (
          <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
            {merge.identities.map((i) => (
              <li key={i.identityId}>
                {i.source.name} <code>{i.localId}</code>
                {i.name !== null && ` (${i.name})`}
              </li>
            ))}
          </ul>
        )}
      </ResponsiveCell>
      <ResponsiveCell heading="By and why">
        {merge.mergedBy}
        {merge.reason !== null && <>: {merge.reason}</>}
      </ResponsiveCell>
      <ResponsiveCell heading="Undo">
        {merge.undoneAt !== null ? (
          <>
            Undone <DateTime iso={merge.undoneAt} /> by {merge.undoneBy ?? 'someone'}
          </>
        ) : merge.canUndo ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" disabled={busy} onClick={() => { onUndo(merge); }}>
            Undo<span className="nhsuk-u-visually-hidden"> the merge of person {merge.fromPerson} into person {merge.intoPerson}</span>
          </button>
        ) : (
          'Cannot be undone: the records have moved on since'
        )}
      </ResponsiveCell>
    </tr>
  );
}

interface FieldErrors {
  other?: string;
  reason?: string;
}

function MergeForm({ person, onMerged }: { person: Person; onMerged: (merge: PersonMerge, other: Person) => void }) {
  const [other, setOther] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Person | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const hasErrors = errors.other !== undefined || errors.reason !== undefined || failure !== null;
  useEffect(() => {
    if (hasErrors) summaryRef.current?.focus();
  }, [hasErrors, errors, failure]);
  useEffect(() => {
    if (confirming !== null) confirmRef.current?.focus();
  }, [confirming]);

  const check = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = other.trim();
    const found: FieldErrors = {};
    if (!/^[0-9]{1,18}$/.test(id)) found.other = 'Enter the other person’s ID, a number';
    else if (id === person.id) found.other = 'Enter the ID of another person, not this one';
    if (reason.trim() === '') found.reason = 'Enter why these records are the same person';
    setErrors(found);
    setFailure(null);
    if (found.other !== undefined || found.reason !== undefined) return;
    setBusy(true);
    fetchPerson(id).then(
      (p) => { setBusy(false); setConfirming(p); },
      (error: unknown) => {
        setBusy(false);
        if (error instanceof ApiError && error.status === 404) setErrors({ other: `There is no person ${id}` });
        else setFailure(problemText(error));
      },
    );
  };
  const merge = () => {
    if (confirming === null) return;
    setBusy(true);
    mergePerson(confirming.id, person.id, reason.trim()).then(
      (done) => {
        setBusy(false);
        setConfirming(null);
        setOther('');
        setReason('');
        onMerged(done, confirming);
      },
      (error: unknown) => { setBusy(false); setConfirming(null); setFailure(problemText(error)); },
    );
  };

  return (
    <>
      <h3 id="merge-form-heading">Merge another person into this one</h3>
      {hasErrors && (
        <div className="nhsuk-error-summary" tabIndex={-1} ref={summaryRef}>
          <div role="alert">
            <h2 className="nhsuk-error-summary__heading">There is a problem</h2>
            <div className="nhsuk-error-summary__body">
              <ul className="nhsuk-list nhsuk-error-summary__list">
                {errors.other !== undefined && <li><a href="#merge-other">{errors.other}</a></li>}
                {errors.reason !== undefined && <li><a href="#merge-reason">{errors.reason}</a></li>}
                {failure !== null && <li>The merge was not made: {failure}</li>}
              </ul>
            </div>
          </div>
        </div>
      )}
      {confirming === null ? (
        <form onSubmit={check} noValidate aria-labelledby="merge-form-heading">
          <div className={`nhsuk-form-group${errors.other === undefined ? '' : ' nhsuk-form-group--error'}`}>
            <label className="nhsuk-label" htmlFor="merge-other">
              The other person’s ID
            </label>
            <div className="nhsuk-hint" id="merge-other-hint">
              The number at the end of their record’s address, for example 123 in /people/123. All their records will move to this person.
            </div>
            {errors.other !== undefined && (
              <span className="nhsuk-error-message" id="merge-other-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {errors.other}
              </span>
            )}
            <input
              className={`nhsuk-input nhsuk-input--width-10${errors.other === undefined ? '' : ' nhsuk-input--error'}`}
              id="merge-other" name="other" type="text" inputMode="numeric" autoComplete="off" value={other}
              aria-describedby={`merge-other-hint${errors.other === undefined ? '' : ' merge-other-error'}`}
              onChange={(e) => { setOther(e.target.value); }}
            />
          </div>
          <div className={`nhsuk-form-group${errors.reason === undefined ? '' : ' nhsuk-form-group--error'}`}>
            <label className="nhsuk-label" htmlFor="merge-reason">
              Why they are the same person
            </label>
            {errors.reason !== undefined && (
              <span className="nhsuk-error-message" id="merge-reason-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {errors.reason}
              </span>
            )}
            <textarea
              className={`nhsuk-textarea${errors.reason === undefined ? '' : ' nhsuk-textarea--error'}`} id="merge-reason" name="reason" rows={2} maxLength={2000}
              value={reason} aria-describedby={errors.reason === undefined ? undefined : 'merge-reason-error'} onChange={(e) => { setReason(e.target.value); }}
            />
          </div>
          <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={busy}>
            Continue
          </button>
        </form>
      ) : (
        <div className="nhsuk-card nhsuk-card--feature">
          <div className="nhsuk-card__content nhsuk-card__content--feature">
            <h4 className="nhsuk-card__heading nhsuk-card__heading--feature" tabIndex={-1} ref={confirmRef}>
              Merge {confirming.header.name} into {person.header.name}?
            </h4>
            <p>
              Person {confirming.id}: {confirming.header.name}
              {confirming.header.birthDate !== null && `, born ${formatDate(confirming.header.birthDate)}`}
              {confirming.header.nhsNumber !== null && `, NHS number ${formatNhsNumber(confirming.header.nhsNumber)}`}.
            </p>
            <p>
              Their {confirming.identities.length === 1 ? 'record' : `${String(confirming.identities.length)} records`} will move to this person. You can undo the merge from this
              history.
            </p>
            <div className="nhsuk-button-group">
              <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={busy} onClick={merge}>
                Merge records
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={() => { setConfirming(null); }}>
                Cancel
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

/**
 * The merges into and out of a person, each with an Undo while it can be undone, and a way to merge
 * another person's records into this one's. `onChanged` runs after a merge or an undo, so the page
 * shows the records as they now are.
 */
export function PersonMerges({ person, onChanged }: { person: Person; onChanged: () => void }) {
  const [version, setVersion] = useState(0);
  const { state, retry } = useLoad((signal) => fetchMerges(person.id, signal), `${person.id}#${String(version)}`);
  const last = useRef<PersonMerge[] | undefined>(undefined);
  if (state.status === 'loaded') last.current = state.value;
  const merges = last.current;
  const [notice, setNotice] = useState<string | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice !== null || undoError !== null) noticeRef.current?.focus();
  }, [notice, undoError]);

  const changed = (text: string) => {
    setNotice(text);
    setUndoError(null);
    setVersion((v) => v + 1);
    onChanged();
  };
  const undo = (merge: PersonMerge) => {
    setBusy(true);
    undoMerge(merge.id).then(
      (done) => {
        setBusy(false);
        changed(`Merge undone: ${String(done.identities.filter((i) => i.personId === done.fromPerson).length)} record(s) went back to person ${done.fromPerson}.`);
      },
      (error: unknown) => { setBusy(false); setNotice(null); setUndoError(problemText(error)); },
    );
  };

  return (
    <section aria-labelledby="merges-heading">
      <h2 id="merges-heading">Merge history</h2>
      <div tabIndex={-1} ref={noticeRef} role="status" aria-live="polite">
        {notice !== null && (
          <div className="nhsuk-inset-text">
            <p>{notice}</p>
          </div>
        )}
        {undoError !== null && (
          <div className="nhsuk-error-summary">
            <h3 className="nhsuk-error-summary__heading">The merge was not undone</h3>
            <div className="nhsuk-error-summary__body">
              <p>{undoError}</p>
            </div>
          </div>
        )}
      </div>
      {state.status === 'failed' && <LoadError what="merge history" error={state.error} onRetry={retry} />}
      {merges !== undefined && merges.length === 0 && <p>This person has not been merged with anyone.</p>}
      {merges !== undefined && merges.length > 0 && (
        <table className="nhsuk-table nhsuk-table--responsive" role="table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Merges into and out of this person, newest first</caption>
          <ResponsiveHead columns={columns} />
          <tbody className="nhsuk-table__body">
            {merges.map((m) => (
              <MergeRow key={m.id} merge={m} personId={person.id} busy={busy} onUndo={undo} />
            ))}
          </tbody>
        </table>
      )}
      <MergeForm person={person} onMerged={(merge, other) => { changed(`${other.header.name} (person ${merge.fromPerson}) was merged into this person.`); }} />
    </section>
  );
}
