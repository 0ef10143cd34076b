import { useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';
import { formatCount } from './format.js';
import { decideReview, fetchReviews, reviewPageSize } from './linkage-api.js';
import type { ReviewDecision, ReviewItem, ReviewList, ReviewPage } from './linkage.js';
import { LoadError } from './load-error.js';
import { ReviewComparison } from './review-comparison.js';
import { isCareRole, isPersonRole } from './roles.js';
import { personPath } from './routes.js';
import { useSession } from './session-context.js';
import { Tag } from './tag.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const lists: readonly { list: ReviewList; label: string }[] = [
  { list: 'open', label: 'Waiting' },
  { list: 'unsure', label: 'Not sure' },
  { list: 'decided', label: 'Decided' },
];

/** The list shown, from `?status=` in the page address. */
function listInAddress(): ReviewList {
  const status = new URLSearchParams(window.location.search).get('status');
  return status === 'unsure' || status === 'decided' ? status : 'open';
}

/** A probability as a percentage: 0.853 → "85.3%". */
export function formatProbability(p: number): string {
  return `${String(Math.round(p * 1000) / 10)}%`;
}

const decisionWords: Readonly<Record<ReviewDecision, string>> = { same: 'the same person', different: 'different people', unsure: 'not sure' };

function ListTabs({ current, counts }: { current: ReviewList; counts: ReviewPage['counts'] | undefined }) {
  return (
    <nav className="nhsuk-tabs app-review-tabs" aria-label="Review lists">
      <ul className="nhsuk-tabs__list">
        {lists.map(({ list, label }) => (
          <li key={list} className={`nhsuk-tabs__list-item${list === current ? ' nhsuk-tabs__list-item--selected' : ''}`}>
            <a className="nhsuk-tabs__tab" href={`/linkage-review?status=${list}`} aria-current={list === current ? 'page' : undefined}>
              {label}
              {counts !== undefined && ` (${formatCount(counts[list])})`}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function QueueTable({ items, selected, onSelect }: { items: readonly ReviewItem[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Pairs of records, most likely matches first</caption>
      <thead className="nhsuk-table__head" role="rowgroup">
        <tr className="nhsuk-table__row" role="row">
          {['Match probability', 'Arriving record', 'Possible match', ''].map((h) => (
            <th key={h} className="nhsuk-table__header" scope="col" role="columnheader">
              {h === '' ? <span className="nhsuk-u-visually-hidden">Action</span> : h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {items.map((item) => {
          const pair = `${item.identity.name ?? 'No name'} (${item.identity.source.name}) and ${item.candidate.name ?? 'No name'} (${item.candidate.source.name})`;
          return (
            <tr key={item.id} className={`nhsuk-table__row${item.id === selected ? ' app-review-row--selected' : ''}`} role="row">
              <td className="nhsuk-table__cell" role="cell">
                <span className="nhsuk-table__heading" aria-hidden="true">Match probability </span>
                {formatProbability(item.matchProbability)}
              </td>
              {[item.identity, item.candidate].map((side, n) => (
                <td key={n} className="nhsuk-table__cell" role="cell">
                  <span className="nhsuk-table__heading" aria-hidden="true">{n === 0 ? 'Arriving record ' : 'Possible match '}</span>
                  <span className="app-stack">
                    <span>{side.name ?? 'Name not recorded'}</span>
                    <span className="nhsuk-body-s nhsuk-u-margin-bottom-0">{side.source.name}</span>
                  </span>
                </td>
              ))}
              <td className="nhsuk-table__cell" role="cell">
                {item.id === selected ? (
                  <strong>Shown below</strong>
                ) : (
                  <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={() => { onSelect(item.id); }}>
                    Review<span className="nhsuk-u-visually-hidden"> {pair}</span>
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DecisionForm({ item, onDecided }: { item: ReviewItem; onDecided: (item: ReviewItem, decision: ReviewDecision, mergedInto: string | null) => void }) {
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error !== undefined) errorRef.current?.focus();
  }, [error]);
  const decide = (decision: ReviewDecision) => {
    setSaving(true);
    setError(undefined);
    decideReview(item.id, decision, note).then(
      (outcome) => {
        setSaving(false);
        onDecided(item, decision, outcome.merge?.intoPerson ?? (decision === 'same' ? outcome.review.candidate.personId : null));
      },
      (failure: unknown) => {
        setSaving(false);
        setError(failure);
      },
    );
  };
  const noteId = `review-note-${item.id}`;
  return (
    <form className="app-decision" onSubmit={(event) => { event.preventDefault(); }} aria-labelledby="decision-heading">
      <h3 id="decision-heading">Your decision</h3>
      {error !== undefined && (
        <div className="nhsuk-error-summary" tabIndex={-1} ref={errorRef}>
          <div role="alert">
            <h2 className="nhsuk-error-summary__heading">There is a problem</h2>
            <div className="nhsuk-error-summary__body">
              <p>The decision was not saved.</p>
              <p>{error instanceof ApiError ? (error.problem?.detail ?? error.problem?.title ?? error.message) : 'Something unexpected went wrong.'}</p>
            </div>
          </div>
        </div>
      )}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={noteId}>
          Note (optional)
        </label>
        <div className="nhsuk-hint" id={`${noteId}-hint`}>
          What you checked, so that others can follow your reasoning.
        </div>
        <textarea className="nhsuk-textarea" id={noteId} rows={3} maxLength={2000} aria-describedby={`${noteId}-hint`} value={note} onChange={(e) => { setNote(e.target.value); }} />
      </div>
      <div className="nhsuk-button-group">
        <button type="button" className="nhsuk-button" disabled={saving} onClick={() => { decide('same'); }}>
          Same person
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={saving} onClick={() => { decide('different'); }}>
          Different people
        </button>
        {item.status === 'open' && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={saving} onClick={() => { decide('unsure'); }}>
            Not sure
          </button>
        )}
      </div>
    </form>
  );
}

interface Notice {
  text: string;
  personId: string | null;
}

/**
 * The linkage review queue: pairs of records the linker could neither join nor keep apart, most
 * likely first. A reviewer compares the two records field by field, with the evidence for and
 * against, and decides; the next pair is then shown.
 */
export function LinkageReviewPage() {
  usePageTitle('Linkage review');
  // Administrators review linkage but do not read records: the link to the person is for those who do.
  const role = useSession()?.signedIn.role;
  const readsRecords = isCareRole(role) || isPersonRole(role);
  const list = listInAddress();
  const [version, setVersion] = useState(0);
  const { state, retry } = useLoad((signal) => fetchReviews(list, signal), `${list}#${String(version)}`);
  const last = useRef<ReviewPage | undefined>(undefined);
  if (state.status === 'loaded') last.current = state.value;
  const page = last.current;
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [focusHeading, setFocusHeading] = useState(0);

  // Pairs decided here leave the list at once, before it is read again.
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const items = (page?.items ?? []).filter((i) => !gone.has(i.id));
  const shown = items.find((i) => i.id === selected) ?? items[0];
  const noticeRef = useRef<HTMLDivElement>(null);
  // After a decision, focus goes to the next pair (or to the message when none is left).
  useEffect(() => {
    if (focusHeading > 0) (headingRef.current ?? noticeRef.current)?.focus();
  }, [focusHeading, shown?.id]);

  const select = (id: string) => {
    setSelected(id);
    setNotice(null);
    setFocusHeading((n) => n + 1);
  };
  const decided = (item: ReviewItem, decision: ReviewDecision, mergedInto: string | null) => {
    const at = items.findIndex((i) => i.id === item.id);
    const next = items[at + 1] ?? items[at - 1];
    setSelected(next?.id ?? null);
    if (list !== 'decided') setGone((before) => new Set([...before, item.id]));
    setNotice({ text: `Saved: ${item.identity.name ?? 'the arriving record'} and ${item.candidate.name ?? 'the possible match'} are ${decisionWords[decision]}.`, personId: mergedInto });
    setVersion((v) => v + 1);
    setFocusHeading((n) => n + 1);
  };

  return (
    <>
      <h1>Linkage review</h1>
      <p>
        Records from different systems that may be the same person, and that record linkage could not decide alone. Compare them and decide: the same
        person (their records are brought together), different people (they are kept apart from now on), or not sure (the pair waits in its own list).
      </p>
      <ListTabs current={list} counts={page?.counts} />
      <div role="status" aria-live="polite">
        {state.status === 'loading' && page === undefined && <p>Loading…</p>}
        {notice !== null && (
          <div className="nhsuk-inset-text app-review-notice" tabIndex={-1} ref={noticeRef}>
            <p>
              {notice.text}
              {notice.personId !== null && readsRecords && (
                <>
                  {' '}
                  <a href={personPath(notice.personId)}>See the person’s record</a>.
                </>
              )}
            </p>
          </div>
        )}
      </div>
      {state.status === 'failed' && <LoadError what="review queue" error={state.error} onRetry={retry} />}
      {page !== undefined && items.length === 0 && (
        <p>{list === 'open' ? 'No pairs are waiting for review.' : list === 'unsure' ? 'No pairs have been put aside as not sure.' : 'No pairs have been decided yet.'}</p>
      )}
      {items.length > 0 && <QueueTable items={items} selected={shown?.id ?? null} onSelect={select} />}
      {page?.next != null && <p className="nhsuk-body-s">Showing the first {formatCount(reviewPageSize)}; more appear as these are decided.</p>}
      {shown !== undefined && (
        <section aria-labelledby="review-item-heading" className="app-review-item">
          <h2 id="review-item-heading" tabIndex={-1} ref={headingRef}>
            Is {shown.identity.name ?? 'the arriving record'} the same person as {shown.candidate.name ?? 'the possible match'}?
          </h2>
          <p>
            Match probability <strong>{formatProbability(shown.matchProbability)}</strong>{' '}
            {shown.samePerson && <Tag colour="blue">Already linked</Tag>}
          </p>
          <ReviewComparison item={shown} />
          {shown.status === 'open' || shown.status === 'unsure' ? (
            <DecisionForm key={shown.id} item={shown} onDecided={decided} />
          ) : (
            <p>
              Decided <strong>{decisionWords[shown.status]}</strong> by {shown.decidedBy ?? 'someone'}
              {shown.note !== null && <>: “{shown.note}”</>}.
            </p>
          )}
        </section>
      )}
    </>
  );
}
