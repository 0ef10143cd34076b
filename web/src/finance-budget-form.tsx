import { type SyntheticEvent, useState } from 'react';
import { type Assessment, financeWord, formatPence, penceAsPounds, parsePounds } from './finance.js';
import { agreePersonalBudget, fetchAssessments, fetchRas } from './finance-api.js';
import { PoundsInput, Select } from './finance-assessment-form.js';
import type { PersonalBudget } from './finance-budgets.js';
import { Radios, TextInput, useSubmission } from './finance-form-parts.js';
import { budgetBodyOf, type BudgetForm, budgetSplit, type FieldsByPath, indicativeWeekly, type RasAnswer, ruleSetOn } from './finance-forms.js';
import { calendarDateOf } from './finance-fund.js';
import { formatDate } from './format.js';
import { LoadError } from './load-error.js';
import { SummaryRow } from './summary-row.js';
import { useLoad } from './use-load.js';

const mechanisms = ['direct_payment', 'managed', 'commissioned'].map((value) => ({ value, label: financeWord(value) }));

const needId = (domain: string): string => `pb-needs-${domain}`;

/** Where the server's problems with a budget are shown, in the form's words. */
function budgetFields(ras: RasAnswer): FieldsByPath {
  const fields: Record<string, { id: string; message: string }> = {
    '/agreedWeeklyPence': { id: 'pb-agreed', message: 'Enter the agreed weekly budget in pounds and pence, £0.00 or more' },
    '/deliveryMechanism': { id: 'pb-delivery', message: 'Choose how the budget is managed' },
    '/start': { id: 'pb-start', message: 'Enter the date the budget starts' },
    '/assessmentId': { id: 'pb-assessment', message: 'Choose one of the person’s financial assessments' },
  };
  const first = ras.current.domains[0];
  if (first !== undefined) fields['/needs'] = { id: needId(first.id), message: 'Choose the level of need in at least one domain' };
  for (const set of ras.ruleSets) {
    for (const d of [...set.domains, ...ras.current.domains]) fields[`/needs/${d.id}`] = { id: needId(d.id), message: `Choose a level of need for ${d.label.toLowerCase()}` };
  }
  return fields;
}

/** The assessment a contribution is taken from: the one chosen, else the latest. */
const assessmentOf = (assessments: readonly Assessment[], id: string): Assessment | undefined => (id === '' ? assessments[0] : assessments.find((a) => a.id === id));

interface BudgetFormProps { personId: string; onAgreed: (budget: PersonalBudget) => void; onSignedOut: () => void; onErrors?: (has: boolean) => void }

function BudgetFields({ personId, ras, assessments, onAgreed, onSignedOut, onErrors }: BudgetFormProps & { ras: RasAnswer; assessments: readonly Assessment[] }) {
  const [form, setForm] = useState<BudgetForm>({ needs: {}, agreed: null, deliveryMechanism: '', start: new Date().toISOString().slice(0, 10), assessmentId: '' });
  const submission = useSubmission(budgetFields(ras), 'personal budget', onSignedOut, onErrors);
  const { errorOf } = submission;
  const rules = ruleSetOn(ras, calendarDateOf(form.start));
  const indicative = rules === null ? null : indicativeWeekly(rules, form.needs);
  const agreedText = form.agreed ?? (indicative === null ? '' : penceAsPounds(indicative.weeklyPence));
  const agreedPence = parsePounds(agreedText);
  const assessment = assessmentOf(assessments, form.assessmentId);
  const split = typeof agreedPence === 'number' && agreedPence >= 0 ? budgetSplit(agreedPence, assessment?.weeklyChargePence ?? 0) : null;
  const change = (update: Partial<BudgetForm>): void => {
    setForm((f) => ({ ...f, ...update }));
    submission.clear();
  };
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const { body, problems } = budgetBodyOf(form);
    submission.submit(problems, () => agreePersonalBudget(personId, body), onAgreed);
  };
  // The domains of the rules in force on the start date (today's, until a start is given).
  const domains = (rules ?? ras.current).domains;
  return (
    <>
      {submission.summary}
      <form noValidate onSubmit={submit} aria-labelledby="agree-budget-heading">
        <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-4">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Assessed needs</legend>
          <p className="nhsuk-hint">{(rules ?? ras.current).name}: {(rules ?? ras.current).source}.</p>
          {domains.map((d) => (
            <Select key={d.id} id={needId(d.id)} label={d.label} value={form.needs[d.id] ?? ''} error={errorOf(needId(d.id))} onChange={(level) => { change({ needs: { ...form.needs, [d.id]: level } }); }}>
              <option value="">Not assessed</option>
              {d.levels.map((l) => <option key={l.level} value={l.level}>{`${l.label} (${String(l.points)} points)`}</option>)}
            </Select>
          ))}
        </fieldset>
        <div role="status" aria-live="polite">
          <p className="nhsuk-body-s" id="pb-indicative">
            {indicative === null || rules === null
              ? 'No resource allocation rules were in force on the start date.'
              : `Indicative budget: ${formatPence(indicative.weeklyPence)} a week (${String(indicative.points)} points at ${formatPence(rules.poundsPerPointPence)} a point).`}
          </p>
        </div>
        <PoundsInput
          id="pb-agreed" label="Agreed weekly budget" value={agreedText} error={errorOf('pb-agreed')}
          hint="Starts at the indicative budget; change it so the budget meets the person’s eligible needs (Care and Support Statutory Guidance 11.23–11.28)."
          onChange={(agreed) => { change({ agreed }); }}
        />
        <Radios id="pb-delivery" legend="How the budget is managed" options={mechanisms} value={form.deliveryMechanism} error={errorOf('pb-delivery')} onChange={(deliveryMechanism) => { change({ deliveryMechanism }); }} />
        <TextInput id="pb-start" label="Start date" type="date" width=" nhsuk-input--width-10" value={form.start} error={errorOf('pb-start')} onChange={(start) => { change({ start }); }} />
        {assessments.length > 0 && (
          <Select id="pb-assessment" label="Financial assessment the person’s contribution comes from" value={form.assessmentId} error={errorOf('pb-assessment')} onChange={(assessmentId) => { change({ assessmentId }); }}>
            <option value="">The latest</option>
            {assessments.map((a) => <option key={a.id} value={a.id}>{`${formatDate(a.assessedAt.slice(0, 10))}: ${formatPence(a.weeklyChargePence)} a week`}</option>)}
          </Select>
        )}
        <dl className="nhsuk-summary-list">
          <SummaryRow label="Person’s contribution">
            {assessment === undefined ? 'None: no financial assessment has been saved' : split === null ? 'Enter the agreed weekly budget' : `${formatPence(split.personPence)} a week`}
          </SummaryRow>
          <SummaryRow label="Council’s amount">{split === null ? 'Enter the agreed weekly budget' : `${formatPence(split.councilPence)} a week`}</SummaryRow>
        </dl>
        <button className="nhsuk-button" type="submit" disabled={submission.busy}>Agree the budget</button>
      </form>
    </>
  );
}

/**
 * Agreeing a personal budget (Care Act 2014 s.26): the assessed needs by the resource allocation rules,
 * the indicative budget they give, the amount agreed, how it is managed, when it starts, and the
 * person's contribution from their financial assessment, as the server will work it out.
 */
export function AgreeBudgetForm(props: BudgetFormProps) {
  const { personId } = props;
  const ras = useLoad((signal) => fetchRas(signal), 'ras');
  const assessments = useLoad((signal) => fetchAssessments(personId, signal), personId);
  return (
    <section aria-labelledby="agree-budget-heading">
      <h2 id="agree-budget-heading">Agree a personal budget</h2>
      {(ras.state.status === 'loading' || assessments.state.status === 'loading') && <p>Loading…</p>}
      {ras.state.status === 'failed' && <LoadError what="resource allocation rules" error={ras.state.error} onRetry={ras.retry} />}
      {assessments.state.status === 'failed' && <LoadError what="financial assessments" error={assessments.state.error} onRetry={assessments.retry} />}
      {ras.state.status === 'loaded' && assessments.state.status === 'loaded' && (
        <BudgetFields {...props} ras={ras.state.value} assessments={assessments.state.value} />
      )}
    </section>
  );
}
