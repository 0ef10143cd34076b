import './finance.css';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';
import { DateTime } from './date-time.js';
import { type Assessment, financeWord, formatPence } from './finance.js';
import type { MoneyLine, PersonalBudget as AgreedBudget, PersonMoney } from './finance-budgets.js';
import { fetchAssessments, fetchPersonMoney } from './finance-api.js';
import { AgreeBudgetForm } from './finance-budget-form.js';
import { budgetRoles } from './finance-forms.js';
import { useFormErrors } from './finance-form-parts.js';
import { DirectPaymentForm } from './finance-posting-forms.js';
import { assessmentPath } from './finance-routes.js';
import { formatDate } from './format.js';
import { LoadError, needsSignIn } from './load-error.js';
import { BackToRecord, RecordHeading, RecordSignInNeeded } from './record-subpage.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { assessmentRoles, hasRole } from './roles.js';
import { useSession } from './session-context.js';
import { SummaryRow } from './summary-row.js';
import { Tag, type TagColour } from './tag.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

const funderColours: Readonly<Record<string, TagColour>> = { council: 'purple', icb: 'blue', person: 'grey', pooled: 'aqua-green' };

/** Who pays a line, as a tag: the council, the NHS, the person or the pooled fund. */
function FunderTag({ funder }: { funder: string }) {
  return <Tag colour={funderColours[funder] ?? 'white'}>{financeWord(funder)}</Tag>;
}

const dates = (start: string, end: string | null): string => (end === null ? `From ${formatDate(start)}` : `${formatDate(start)} to ${formatDate(end)}`);

const lineColumns: readonly TableColumn<MoneyLine>[] = [
  { heading: 'Date', cell: (l) => formatDate(l.date) },
  { heading: 'What', cell: (l) => l.label },
  { heading: 'Amount', numeric: true, cell: (l) => formatPence(l.amountPence) },
  { heading: 'Funder', cell: (l) => <FunderTag funder={l.funder} /> },
];

function PersonalBudget({ money, self }: { money: PersonMoney; self: boolean }) {
  const budget = money.personalBudget;
  return (
    <section aria-labelledby="personal-budget-heading">
      <h2 id="personal-budget-heading">Personal budget</h2>
      {budget === null ? <p>{self ? 'You have' : 'They have'} no personal budget from the council.</p> : (
        <dl className="nhsuk-summary-list">
          <SummaryRow label="Indicative budget">{formatPence(budget.indicativePence)} a week ({budget.rasPoints} points, {budget.ruleSet})</SummaryRow>
          <SummaryRow label="Agreed budget">{formatPence(budget.agreedWeeklyPence)} a week</SummaryRow>
          <SummaryRow label="Person’s contribution">{formatPence(budget.personContributionWeeklyPence)} a week</SummaryRow>
          <SummaryRow label="Council’s amount">{formatPence(budget.councilWeeklyPence)} a week</SummaryRow>
          <SummaryRow label="How it is managed">{financeWord(budget.deliveryMechanism)}</SummaryRow>
          <SummaryRow label="Dates">{dates(budget.start, budget.end)}</SummaryRow>
          <SummaryRow label="Agreed by">{budget.agreedBy}, <DateTime iso={budget.agreedAt} /></SummaryRow>
        </dl>
      )}
    </section>
  );
}

function DirectPayment({ money, children }: { money: PersonMoney; children?: ReactNode }) {
  const account = money.directPayment;
  if (account === null) return null;
  return (
    <section aria-labelledby="direct-payment-heading">
      <h2 id="direct-payment-heading">Direct payment account</h2>
      <dl className="nhsuk-summary-list">
        <SummaryRow label="Balance">{formatPence(account.balancePence)}</SummaryRow>
      </dl>
      {account.lines.length === 0 ? <p>Nothing has been paid into or out of the account yet.</p> : (
        <ResponsiveTable caption="Direct payment account lines" columns={lineColumns} rows={account.lines} rowKey={(l, i) => `${String(i)}:${l.date}:${l.label}`} />
      )}
      {children}
    </section>
  );
}

function HealthBudgets({ money }: { money: PersonMoney }) {
  return (
    <section aria-labelledby="health-budgets-heading">
      <h2 id="health-budgets-heading">Personal health budgets</h2>
      {money.healthBudgets.length === 0 ? <p>None from the NHS.</p> : (
        <ResponsiveTable
          caption="Personal health budgets" captionHidden rows={money.healthBudgets} rowKey={(b) => b.id}
          columns={[
            { heading: 'Kind', cell: (b) => financeWord(b.kind) }, { heading: 'Weekly', numeric: true, cell: (b) => formatPence(b.weeklyPence) },
            { heading: 'How it is managed', cell: (b) => financeWord(b.management) }, { heading: 'Dates', cell: (b) => dates(b.start, b.end) },
          ]}
        />
      )}
    </section>
  );
}

function Packages({ money }: { money: PersonMoney }) {
  return (
    <section aria-labelledby="packages-heading">
      <h2 id="packages-heading">Care packages</h2>
      {money.packages.length === 0 ? <p>None.</p> : (
        <ResponsiveTable
          caption="Care packages" captionHidden rows={money.packages} rowKey={(p) => p.id}
          columns={[
            { heading: 'Weekly cost', numeric: true, cell: (p) => formatPence(p.weeklyCostPence) }, { heading: 'Dates', cell: (p) => dates(p.start, p.end) },
            { heading: 'Funder', cell: (p) => <FunderTag funder={p.funder} /> },
          ]}
        />
      )}
    </section>
  );
}

/** The person's latest financial assessments, for the staff who make them, with a link to start one. */
function Assessments({ personId }: { personId: string }) {
  const { state, retry } = useLoad((signal) => fetchAssessments(personId, signal), personId);
  const columns: TableColumn<Assessment>[] = [
    { heading: 'Assessed', cell: (a) => <DateTime iso={a.assessedAt} /> },
    { heading: 'Financial year', cell: (a) => a.financialYear },
    { heading: 'Setting', cell: (a) => financeWord(a.setting) },
    { heading: 'Weekly charge', numeric: true, cell: (a) => (a.selfFunder ? `${formatPence(a.weeklyChargePence)} (self-funder)` : formatPence(a.weeklyChargePence)) },
    { heading: 'Council pays', numeric: true, cell: (a) => formatPence(a.councilPaysPence) },
    { heading: 'By', cell: (a) => a.assessedBy },
  ];
  return (
    <section aria-labelledby="assessments-heading">
      <h2 id="assessments-heading">Financial assessments</h2>
      <p><a href={assessmentPath(personId)}>Start a financial assessment</a></p>
      <div role="status" aria-live="polite">{state.status === 'loading' && <p>Loading…</p>}</div>
      {state.status === 'failed' && <LoadError what="financial assessments" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && (state.value.length === 0 ? <p>No financial assessment has been saved yet.</p> : (
        <ResponsiveTable caption="Financial assessments, newest first" captionHidden rows={state.value.slice(0, 5)} rowKey={(a) => a.id} columns={columns} />
      ))}
    </section>
  );
}

/** Why a budget is the current one (src/finance/budgets.ts currentPersonalBudget). */
function currentBudgetRule(budget: { start: string; end: string | null }): string {
  const today = new Date().toISOString().slice(0, 10);
  return budget.start <= today && (budget.end === null || budget.end >= today) ? 'of the budgets in force today, the latest to start' : 'none is in force today, and it starts latest';
}

/** What the last form did, said (and focused) above the page's figures, which are loaded again. */
interface Notice { text: string; agreed?: AgreedBudget }

function NoticeBox({ notice, money }: { notice: Notice; money: PersonMoney | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [notice]);
  const shown = money?.personalBudget;
  // GET /money shows the current budget: of those in force today the latest to start, else the one that starts latest.
  const other = notice.agreed !== undefined && money !== undefined && shown !== undefined && shown !== null && shown.id !== notice.agreed.id ? shown : undefined;
  return (
    <div className="nhsuk-inset-text" tabIndex={-1} ref={ref} role="status">
      <p>{notice.text}</p>
      {other !== undefined && <p>The personal budget shown below, from {formatDate(other.start)}, is the current one: {currentBudgetRule(other)}.</p>}
    </div>
  );
}

/**
 * A person's money: their personal budget, direct payment account, personal health budgets and care
 * packages, every money line with who pays it, and (for the staff who make them) their financial
 * assessments; a social worker agrees a personal budget and records direct payments here.
 */
export function MoneyPage({ id }: { id: string }) {
  const session = useSession();
  const self = session?.signedIn.role === 'person';
  const title = self ? 'Your money and budgets' : 'Money and budgets';
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const formErrors = useFormErrors();
  const { state, retry } = useLoad((signal) => fetchPersonMoney(id, signal), `${id}#${String(version)}`);
  const notFound = state.status === 'failed' && state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 400);
  usePageTitle(notFound ? 'No such person, or not one you may see' : formErrors.any ? `Error: ${title}` : title);
  if (signedOut || (state.status === 'failed' && needsSignIn(state.error))) return <RecordSignInNeeded what="money and budgets" self={self} title={title} />;
  if (notFound) {
    return (
      <>
        <h1>No such person, or not one you may see</h1>
        <p><a href="/people">Search again</a> by name, NHS number, date of birth or postcode.</p>
      </>
    );
  }
  const writer = hasRole(budgetRoles, session?.signedIn.role);
  const changed = (next: Notice): void => {
    setNotice(next);
    setVersion((v) => v + 1);
  };
  const signOut = (): void => { setSignedOut(true); };
  return (
    <>
      <RecordHeading self={self} title={title} />
      {notice !== null && <NoticeBox notice={notice} money={state.status === 'loaded' ? state.value : undefined} />}
      <div role="status" aria-live="polite">{state.status === 'loading' && <p>Loading…</p>}</div>
      {state.status === 'failed' && <LoadError what="money and budgets" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && (
        <>
          <PersonalBudget money={state.value} self={self} />
          {writer && (
            <AgreeBudgetForm
              personId={id} onSignedOut={signOut} onErrors={formErrors.report('budget')}
              onAgreed={(budget) => {
                changed({ text: `Agreed: a personal budget of ${formatPence(budget.agreedWeeklyPence)} a week (${financeWord(budget.deliveryMechanism).toLowerCase()}) from ${formatDate(budget.start)}.`, agreed: budget });
              }}
            />
          )}
          <DirectPayment money={state.value}>
            {writer && <DirectPaymentForm personId={id} onSignedOut={signOut} onErrors={formErrors.report('direct-payment')} onPosted={(what) => { changed({ text: `Recorded: ${what}.` }); }} />}
          </DirectPayment>
          <HealthBudgets money={state.value} />
          <Packages money={state.value} />
          <section aria-labelledby="money-lines-heading">
            <h2 id="money-lines-heading">Money lines</h2>
            {state.value.moneyLines.length === 0 ? <p>None.</p> : (
              <ResponsiveTable caption="Money lines, with who pays each" captionHidden columns={lineColumns} rows={state.value.moneyLines} rowKey={(l, i) => `${String(i)}:${l.date}:${l.label}`} />
            )}
          </section>
        </>
      )}
      {hasRole(assessmentRoles, session?.signedIn.role) && <Assessments personId={id} />}
      <BackToRecord id={id} self={self} />
    </>
  );
}
