import { useRef, useState } from 'react';
import { ApiError } from './api.js';
import {
  decisionText, practiceName, type RiskDecisionInput, type RiskPractice, type RiskRun, type Worklist, type WorklistEntry, type WorklistStatus, worklistStatusOf,
} from './case-finding.js';
import { decideOnRisk, fetchRiskPractices, fetchWorklist } from './case-finding-api.js';
import { decisionErrors, EnrolForm, ExcludeForm } from './case-finding-forms.js';
import { type Chosen, WorklistTable } from './case-finding-table.js';
import { DateTime } from './date-time.js';
import { ErrorSummary } from './error-summary.js';
import { formatCount, formatDate, ukCalendarDay } from './format.js';
import { LoadError, SignInNeeded } from './load-error.js';
import { caseFindingPath } from './routes.js';
import { SummaryRow } from './summary-row.js';
import { type Change, useChange } from './use-change.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const lists: readonly { status: WorklistStatus; label: string }[] = [
  { status: 'listed', label: 'On the list' },
  { status: 'excluded', label: 'Excluded' },
  { status: 'enrolled', label: 'Enrolled' },
];

const emptyText: Readonly<Record<WorklistStatus, string>> = {
  listed: 'No one at this practice whom you may see is on the list.',
  excluded: 'No one whom you may see has been excluded from this practice’s list.',
  enrolled: 'No one whom you may see has been enrolled from this practice’s list.',
};

function Introduction() {
  return (
    <div className="nhsuk-u-reading-width">
      <p>
        Each GP practice’s list of the people at highest risk of an emergency admission to hospital in the next 12 months, as the risk model scores
        them from the shared care record, highest risk first, with why each person is on it. It shows only people whose record you may see.
      </p>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          High risk is not the same as preventable risk. Exclude people who are already case-managed or at the end of life, saying why, and enrol
          those who would benefit with a care coordinator, who joins their care team.
        </p>
      </div>
    </div>
  );
}

function NoScores() {
  return (
    <section aria-labelledby="no-scores-heading">
      <h2 id="no-scores-heading">No one has been scored yet</h2>
      <p>
        There are no case-finding lists until everyone’s risk has been scored with the risk model. Someone who runs this installation scores
        them with <code>joinedup risk score</code> (nightly, as a rule).
      </p>
      <p>Scoring needs an active model first: train one with <code>joinedup risk train --activate</code>.</p>
    </section>
  );
}

/** Which run the lists come from: the date risks are as on, when they were scored, and by which model. */
function RunSummary({ run }: { run: RiskRun }) {
  return (
    <dl className="nhsuk-summary-list">
      <SummaryRow label="Risk as on">{formatDate(run.indexDate)}</SummaryRow>
      <SummaryRow label="Scored"><DateTime iso={run.finishedAt} /></SummaryRow>
      <SummaryRow label="Model">Version {run.modelVersion}</SummaryRow>
      <SummaryRow label="People scored">{formatCount(run.people)}</SummaryRow>
    </dl>
  );
}

/** The practice whose list is shown: a choice (an ordinary form, so the address names it) when there is more than one. */
function PracticePicker({ practices, current }: { practices: readonly RiskPractice[]; current: RiskPractice }) {
  if (practices.length === 1) return <p>GP practice: <strong>{practiceName(current)}</strong></p>;
  return (
    <form method="get" action="/case-finding" className="nhsuk-u-margin-bottom-4">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-label--s" htmlFor="practice">GP practice</label>
        <select className="nhsuk-select" id="practice" name="practice" defaultValue={current.code}>
          {practices.map((p) => <option key={p.code} value={p.code}>{practiceName(p)}</option>)}
        </select>
      </div>
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">Show the practice’s list</button>
    </form>
  );
}

function ListTabs({ practice, current }: { practice: string; current: WorklistStatus }) {
  return (
    <nav className="nhsuk-tabs app-review-tabs" aria-label="Case-finding lists">
      <ul className="nhsuk-tabs__list">
        {lists.map(({ status, label }) => (
          <li key={status} className={`nhsuk-tabs__list-item${status === current ? ' nhsuk-tabs__list-item--selected' : ''}`}>
            <a className="nhsuk-tabs__tab" href={caseFindingPath(practice, status)} aria-current={status === current ? 'page' : undefined}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What was saved, in words. */
function savedText(before: WorklistEntry, after: WorklistEntry): string {
  const name = after.name ?? 'The person';
  const decision = after.decision;
  if (decision?.kind === 'enrolled') return `Saved: ${name} enrolled with coordinator ${decision.coordinator ?? ''}, who is now on their care team.`;
  if (decision?.kind === 'excluded') return `Saved: ${name} is off the list. ${decisionText(decision)}.`;
  const coordinator = before.decision?.kind === 'enrolled' ? ' Their coordinator stays on their care team until someone ends their place there.' : '';
  return `Saved: ${name} is back on the list.${coordinator}`;
}

/** The practice the address names, or the first; none when the reader may see no one scored. */
function Practices({ practices, run, change }: { practices: readonly RiskPractice[]; run: RiskRun; change: Change }) {
  const address = new URLSearchParams(window.location.search);
  const current = practices.find((p) => p.code === address.get('practice')) ?? practices[0];
  if (current === undefined) return <p>No one whom you may see was scored in the latest run.</p>;
  return <PracticeLists practices={practices} current={current} show={worklistStatusOf(address.get('show'))} run={run} change={change} />;
}

/** One practice's lists: the list itself, and those excluded or enrolled, with the team's decisions on them. */
function PracticeLists({ practices, current, show, run, change }: {
  practices: readonly RiskPractice[]; current: RiskPractice; show: WorklistStatus; run: RiskRun; change: Change;
}) {
  const { code } = current;
  const { state, retry } = useLoad((signal) => fetchWorklist(code, show, signal), `${code}#${show}#${String(change.version)}`);
  const shown = useRef<Worklist | undefined>(undefined);
  if (state.status === 'loaded') shown.current = state.value;
  const list = shown.current;
  const [chosen, setChosen] = useState<Chosen | null>(null);

  const decide = (entry: WorklistEntry, input: RiskDecisionInput): Promise<boolean> =>
    change.run(() => decideOnRisk(entry.personId, input), (after) => savedText(entry, after), decisionErrors).then((saved) => {
      if (saved) setChosen(null);
      return saved;
    });
  const choose = (next: Chosen | null) => {
    change.setErrors([]);
    setChosen(next);
  };
  const entry = list?.entries.find((e) => e.personId === chosen?.personId);
  const formProps = entry === undefined ? undefined : {
    entry, busy: change.busy, errorOf: change.errorOf, onInvalid: change.setErrors,
    onSubmit: (input: RiskDecisionInput) => decide(entry, input), onCancel: () => { choose(null); },
  };
  return (
    <>
      <RunSummary run={list?.run ?? run} />
      <PracticePicker practices={practices} current={current} />
      <ListTabs practice={current.code} current={show} />
      <div role="status" aria-live="polite">
        {state.status === 'loading' && list === undefined && <p>Loading…</p>}
        {change.notice !== null && (
          <p className="nhsuk-inset-text" tabIndex={-1} ref={change.noticeRef}>
            {change.notice}
          </p>
        )}
      </div>
      {state.status === 'failed' && <LoadError what="case-finding list" error={state.error} onRetry={retry} />}
      {list !== undefined && (list.entries.length === 0 ? (
        <p>{emptyText[show]}</p>
      ) : (
        <>
          <WorklistTable
            entries={list.entries} status={show} today={ukCalendarDay(new Date().toISOString())} busy={change.busy} chosen={chosen}
            form={formProps === undefined ? null : chosen?.action === 'enrol' ? <EnrolForm key={`enrol-${formProps.entry.personId}`} {...formProps} /> : <ExcludeForm key={`exclude-${formProps.entry.personId}`} {...formProps} />}
            onChoose={choose} onReturn={(e) => { choose(null); void decide(e, { decision: 'return' }); }}
          />
          {show === 'listed' && <p className="nhsuk-body-s">The list holds up to {formatCount(list.top)} people, highest risk first; as people are excluded or enrolled, the next come onto it.</p>}
        </>
      ))}
    </>
  );
}

/**
 * Case-finding: each GP practice's list of the people at highest risk of an emergency admission,
 * from the latest scoring run, with why; the team excludes people (with why), enrols them with a
 * care coordinator, or returns them to the list.
 */
export function CaseFindingPage() {
  const change = useChange();
  usePageTitle(change.errors.length > 0 ? 'Error: Case-finding' : 'Case-finding');
  const { state, retry } = useLoad((signal) => fetchRiskPractices(signal), 'practices');
  const noScores = state.status === 'failed' && state.error instanceof ApiError && state.error.problem?.code === 'no_scores';
  if (change.signInNeeded) {
    return (
      <>
        <SignInNeeded what="case-finding lists" />
        <h1>Case-finding</h1>
      </>
    );
  }
  return (
    <>
      {change.errors.length > 0 && <ErrorSummary errors={change.errors} />}
      <h1>Case-finding</h1>
      <Introduction />
      <div role="status" aria-live="polite">{state.status === 'loading' && <p>Loading…</p>}</div>
      {noScores && <NoScores />}
      {state.status === 'failed' && !noScores && <LoadError what="case-finding lists" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && <Practices practices={state.value.practices} run={state.value.run} change={change} />}
    </>
  );
}
