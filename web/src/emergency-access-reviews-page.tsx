import { type SyntheticEvent, useEffect, useRef, useState } from 'react';
import type { BreakGlass, BreakGlassList } from './access.js';
import { breakGlassReviewedEvent, fetchBreakGlass, reviewBreakGlass } from './access-api.js';
import { ApiError, problemText } from './api.js';
import { DateTime } from './date-time.js';
import { ErrorSummary, type FieldError } from './error-summary.js';
import { describedBy, fieldErrorsOf, FieldErrorMessage } from './form-field.js';
import { formatCount, formatNhsNumber } from './format.js';
import { LoadError } from './load-error.js';
import { ResponsiveCell, ResponsiveHead } from './responsive-table.js';
import { roleName } from './roles.js';
import { SummaryRow } from './summary-row.js';
import { Tag } from './tag.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

type Status = 'to-review' | 'all';
type Outcome = 'appropriate' | 'inappropriate';

const path = '/ig/emergency-access';
const outcomeId = 'review-outcome';
const noteId = 'review-note';
const fields = {
  outcome: { id: outcomeId, message: 'Choose whether the emergency access was appropriate' },
  note: { id: noteId, message: 'Say what was wrong with the emergency access' },
} as const;

function statusInAddress(): Status {
  return new URLSearchParams(window.location.search).get('status') === 'all' ? 'all' : 'to-review';
}

const columns = [{ heading: 'When' }, { heading: 'Who' }, { heading: 'Whose record' }, { heading: 'Reason' }, { heading: 'Ends' }, { heading: 'Review' }];

function ReviewTag({ review }: { review: NonNullable<BreakGlass['review']> }) {
  return review.outcome === 'appropriate' ? <Tag colour="green">Appropriate</Tag> : <Tag colour="red">Inappropriate</Tag>;
}

function QueueTable({ items, selected, onSelect }: { items: readonly BreakGlass[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Emergency accesses, newest first</caption>
      <ResponsiveHead columns={columns} />
      <tbody className="nhsuk-table__body">
        {items.map((item) => (
          <tr key={item.id} className={`nhsuk-table__row${item.id === selected ? ' app-review-row--selected' : ''}`} role="row">
            <ResponsiveCell heading="When"><DateTime iso={item.starts} /></ResponsiveCell>
            <ResponsiveCell heading="Who">
              <span className="app-stack">
                <span>{item.by}</span>
                <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                  {roleName(item.role)}
                  {item.organisation !== null && `, ${item.organisation}`}
                </span>
              </span>
            </ResponsiveCell>
            <ResponsiveCell heading="Whose record">
              <span className="app-stack">
                <span>{item.person.name}</span>
                {item.person.nhsNumber !== null && <span className="nhsuk-body-s nhsuk-u-margin-bottom-0 nhsuk-u-nowrap">{formatNhsNumber(item.person.nhsNumber)}</span>}
              </span>
            </ResponsiveCell>
            <ResponsiveCell heading="Reason">{item.reason}</ResponsiveCell>
            <ResponsiveCell heading="Ends"><DateTime iso={item.ends} /></ResponsiveCell>
            <ResponsiveCell heading="Review">
              {item.review !== null ? (
                <ReviewTag review={item.review} />
              ) : item.id === selected ? (
                <strong>Shown below</strong>
              ) : (
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={() => { onSelect(item.id); }}>
                  Review<span className="nhsuk-u-visually-hidden"> {item.by}’s emergency access to {item.person.name}’s record</span>
                </button>
              )}
            </ResponsiveCell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function errorsOf(error: unknown): FieldError[] {
  if (error instanceof ApiError && error.status === 400) return fieldErrorsOf(error, fields, outcomeId);
  return [{ fieldId: '', message: `The review was not saved. ${problemText(error)}` }];
}

/** The review of one emergency access: appropriate, or inappropriate with a note saying what was wrong. */
function ReviewForm({ item, onReviewed }: { item: BreakGlass; onReviewed: (item: BreakGlass) => void }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const missing = [
      ...(outcome === null ? [{ fieldId: outcomeId, message: fields.outcome.message }] : []),
      ...(outcome === 'inappropriate' && note.trim() === '' ? [{ fieldId: noteId, message: fields.note.message }] : []),
    ];
    setErrors(missing);
    if (missing.length > 0 || outcome === null) return;
    setBusy(true);
    try {
      const reviewed = await reviewBreakGlass(item.id, { outcome, ...(note.trim() !== '' ? { note: note.trim() } : {}) });
      onReviewed(reviewed);
    } catch (error) {
      setBusy(false);
      setErrors(errorsOf(error));
    }
  };
  const errorOf = (id: string) => errors.filter((e) => e.fieldId === id).map((e) => e.message).join('. ') || undefined;
  const outcomeError = errorOf(outcomeId);
  const noteError = errorOf(noteId);
  return (
    <form noValidate onSubmit={(e) => void submit(e)} aria-labelledby="review-form-heading">
      {errors.length > 0 && <ErrorSummary errors={errors} />}
      <h3 id="review-form-heading">Your review</h3>
      <div className={`nhsuk-form-group${outcomeError !== undefined ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(outcomeId, false, outcomeError)}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Was this emergency access appropriate?</legend>
          <FieldErrorMessage id={outcomeId} error={outcomeError} />
          <div className="nhsuk-radios">
            {(['appropriate', 'inappropriate'] as const).map((value) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={value === 'appropriate' ? outcomeId : `${outcomeId}-inappropriate`}
                  name="outcome" type="radio" value={value} checked={outcome === value}
                  onChange={() => { setOutcome(value); }}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={value === 'appropriate' ? outcomeId : `${outcomeId}-inappropriate`}>
                  {value === 'appropriate' ? 'Yes, it was appropriate' : 'No, it was not appropriate'}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <div className={`nhsuk-form-group${noteError !== undefined ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label nhsuk-label--s" htmlFor={noteId}>Note</label>
        <div className="nhsuk-hint" id={`${noteId}-hint`}>
          What you checked. Needed when it was not appropriate: say what was wrong and what happens next.
        </div>
        <FieldErrorMessage id={noteId} error={noteError} />
        <textarea
          className={`nhsuk-textarea${noteError !== undefined ? ' nhsuk-textarea--error' : ''}`}
          id={noteId} name="note" rows={3} maxLength={2000} value={note}
          aria-describedby={describedBy(noteId, true, noteError)}
          onChange={(e) => { setNote(e.target.value); }}
        />
      </div>
      <button className="nhsuk-button" type="submit" disabled={busy}>
        Save review
      </button>
    </form>
  );
}

/**
 * The information governance lead's review of emergency access: each use of break-glass, who used
 * it, on whose record and why, waiting to be judged appropriate or not.
 */
export function EmergencyAccessReviewsPage() {
  usePageTitle('Emergency access reviews');
  const status = statusInAddress();
  const [version, setVersion] = useState(0);
  const { state, retry } = useLoad((signal) => fetchBreakGlass(status, signal), `${status}#${String(version)}`);
  const last = useRef<BreakGlassList | undefined>(undefined);
  if (state.status === 'loaded') last.current = state.value;
  const list = last.current;
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [focus, setFocus] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const items = list?.items ?? [];
  const waiting = items.filter((i) => i.review === null);
  const shown = waiting.find((i) => i.id === selected) ?? waiting[0];
  useEffect(() => {
    if (focus > 0) (headingRef.current ?? noticeRef.current)?.focus();
  }, [focus, shown?.id]);

  const reviewed = (item: BreakGlass) => {
    setNotice(`Saved: ${item.by}’s emergency access to ${item.person.name}’s record was ${item.review?.outcome === 'inappropriate' ? 'not appropriate' : 'appropriate'}.`);
    setSelected(null);
    setVersion((v) => v + 1);
    setFocus((n) => n + 1);
    window.dispatchEvent(new Event(breakGlassReviewedEvent));
  };

  return (
    <>
      <h1>Emergency access reviews</h1>
      <p>
        Each time someone uses emergency access to a record they have no relationship with, it waits here for your review. Check the reason against
        what they did (the audit trail shows every look at the record), then record whether it was appropriate.
      </p>
      <p>
        {status === 'all' ? <a href={path}>Show only those waiting for review</a> : <a href={`${path}?status=all`}>Show all emergency accesses, reviewed too</a>}
      </p>
      <div role="status" aria-live="polite">
        {state.status === 'loading' && list === undefined && <p>Loading…</p>}
        {notice !== null && (
          <p className="nhsuk-inset-text" tabIndex={-1} ref={noticeRef}>
            {notice}
          </p>
        )}
        {list !== undefined && (
          <p>{list.toReview === 1 ? '1 emergency access is waiting for review.' : `${formatCount(list.toReview)} emergency accesses are waiting for review.`}</p>
        )}
      </div>
      {state.status === 'failed' && <LoadError what="emergency accesses" error={state.error} onRetry={retry} />}
      {list !== undefined && items.length === 0 && <p>{status === 'all' ? 'No one has used emergency access yet.' : 'None is waiting for review.'}</p>}
      {items.length > 0 && <QueueTable items={items} selected={shown?.id ?? null} onSelect={(id) => { setSelected(id); setNotice(null); setFocus((n) => n + 1); }} />}
      {shown !== undefined && (
        <section aria-labelledby="review-heading">
          <h2 id="review-heading" tabIndex={-1} ref={headingRef}>
            Review {shown.by}’s emergency access to {shown.person.name}’s record
          </h2>
          <dl className="nhsuk-summary-list">
            <SummaryRow label="Reason given">{shown.reason}</SummaryRow>
            <SummaryRow label="From and to">
              <DateTime iso={shown.starts} /> to <DateTime iso={shown.ends} />
            </SummaryRow>
            <SummaryRow label="What they looked at">
              <a href={`/ig/audit?person=${encodeURIComponent(shown.personId)}`}>The audit trail of {shown.person.name}’s record</a>
            </SummaryRow>
          </dl>
          <ReviewForm key={shown.id} item={shown} onReviewed={reviewed} />
        </section>
      )}
    </>
  );
}
