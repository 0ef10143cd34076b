import './finance.css';
import { type SyntheticEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, problemText, type ProblemLocation } from './api.js';
import { ErrorSummary, type FieldError } from './error-summary.js';
import {
  type Assessment, type AssessmentForm, type ChargeResult, type ChargingOptions, chargeInputOf, fieldForPath, formatPence, noHome, problemMessage, yearOn,
} from './finance.js';
import { calculateCharge, fetchChargingOptions, saveAssessment } from './finance-api.js';
import { AssessmentFields, emptyRow, fieldLabels } from './finance-assessment-form.js';
import { ChargeLetter } from './finance-charge-result.js';
import { moneyPath } from './finance-routes.js';
import { LoadError, SignInNeeded } from './load-error.js';
import { fetchPerson } from './record-api.js';
import { BackToRecord } from './record-subpage.js';
import { assessmentRoles, hasRole } from './roles.js';
import { useSession } from './session-context.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

/** How long typing must pause before the calculation is asked for again. */
export const calculationDelayMs = 400;

/** A form to start from: care at home in the financial year of today, one income line to fill in. */
function startingForm(options: ChargingOptions): AssessmentForm {
  return {
    setting: 'non_residential', financialYear: yearOn(options.years, new Date().toISOString().slice(0, 10)) ?? '', council: '', age: '', pensionCreditAge: false,
    couple: false, disabilityPremium: false, enhancedDisabilityPremium: false, carerPremium: false, dependentChildren: '', capital: '',
    income: [emptyRow(options.incomeTypes[0]?.type ?? '')], housingCosts: [], dre: [], weeklyCost: '', nightCareArranged: false, migWeekly: '', peaWeekly: '',
    nightCareDisregard: '', savingsCreditDisregardMax: '', dreFlatWeekly: '', home: noHome,
  };
}

type Calculation =
  | { status: 'waiting' }
  | { status: 'calculating'; previous: ChargeResult | null }
  | { status: 'calculated'; result: ChargeResult }
  | { status: 'invalid'; problems: ProblemLocation[]; detail: string }
  | { status: 'failed'; error: unknown };

/** What the live calculation says in the region screen readers hear. */
function calculationStatus(calculation: Calculation): string {
  switch (calculation.status) {
    case 'waiting':
      return 'Enter the person’s details: the calculation shows here as you type.';
    case 'calculating':
      return 'Calculating…';
    case 'calculated':
      return `Weekly charge: ${formatPence(calculation.result.weekly_charge_pence)}.`;
    case 'invalid':
      return 'The calculation shows when the problems are put right.';
    case 'failed':
      return `The calculation could not be made. ${problemText(calculation.error)}`;
  }
}

/** The form, checked and calculated as it is typed, and (for a person) saved. */
function AssessmentWorkspace({ options, personId }: { options: ChargingOptions; personId: string | undefined }) {
  const session = useSession();
  const [form, setForm] = useState<AssessmentForm>(() => startingForm(options));
  const [touched, setTouched] = useState(false);
  const [calculation, setCalculation] = useState<Calculation>({ status: 'waiting' });
  const [again, setAgain] = useState(0);
  const [saveProblems, setSaveProblems] = useState<ProblemLocation[]>([]);
  const [pageError, setPageError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Assessment | null>(null);
  const [busy, setBusy] = useState(false);
  const [signInNeeded, setSignInNeeded] = useState(false);
  const focusSummary = useRef(false);
  // Set when the person submits: the calculation is asked for at once rather than after a pause.
  const immediate = useRef(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const { input, problems } = useMemo(() => chargeInputOf(form), [form]);
  const inputKey = JSON.stringify(input);

  useEffect(() => {
    if (!touched) return undefined;
    const controller = new AbortController();
    const delay = immediate.current ? 0 : calculationDelayMs;
    immediate.current = false;
    const timer = setTimeout(() => {
      setCalculation((c) => ({ status: 'calculating', previous: c.status === 'calculated' ? c.result : c.status === 'calculating' ? c.previous : null }));
      calculateCharge(JSON.parse(inputKey) as unknown, controller.signal).then(
        (result) => { setCalculation({ status: 'calculated', result }); },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (error instanceof ApiError && error.status === 401) setSignInNeeded(true);
          else if (error instanceof ApiError && error.status === 400) {
            setCalculation({ status: 'invalid', problems: error.problem?.errors ?? [], detail: error.problem?.detail ?? error.problem?.title ?? error.message });
          } else setCalculation({ status: 'failed', error });
        },
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [inputKey, touched, again]);

  useEffect(() => {
    if (saved !== null) noticeRef.current?.focus();
  }, [saved]);

  const labels = fieldLabels(form);
  const fieldIds = new Set(labels.keys());
  const fieldError = (p: ProblemLocation | { path: string; message: string }): FieldError => {
    const fieldId = fieldForPath(p.path, fieldIds);
    return { fieldId, message: problemMessage(labels.get(fieldId), p.message, p.path) };
  };
  const localPaths = new Set(problems.map((p) => p.path));
  const serverProblems = [...(calculation.status === 'invalid' ? calculation.problems : []), ...saveProblems].filter((p) => !localPaths.has(p.path));
  const errors: FieldError[] = touched ? [...problems.map(fieldError), ...serverProblems.map(fieldError)] : [];
  if (touched && calculation.status === 'invalid' && calculation.problems.length === 0) errors.push({ fieldId: '', message: calculation.detail });
  if (pageError !== null) errors.push({ fieldId: '', message: pageError });
  const unique = errors.filter((e, i) => errors.findIndex((o) => o.fieldId === e.fieldId && o.message === e.message) === i);
  const errorOf = (fieldId: string): string | undefined => unique.filter((e) => e.fieldId === fieldId).map((e) => e.message).join('. ') || undefined;
  usePageTitle(unique.length > 0 ? 'Error: Financial assessment' : 'Financial assessment');

  const change = (update: (f: AssessmentForm) => AssessmentForm) => {
    setForm(update);
    setTouched(true);
    setSaveProblems([]);
    setPageError(null);
    setSaved(null);
  };
  const canSave = personId !== undefined && hasRole(assessmentRoles, session?.signedIn.role);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setTouched(true);
    focusSummary.current = true;
    if (!canSave || problems.length > 0) {
      immediate.current = true;
      setAgain((n) => n + 1);
      return;
    }
    setBusy(true);
    setSaveProblems([]);
    setPageError(null);
    saveAssessment(personId, input).then(
      (assessment) => { setSaved(assessment); },
      (error: unknown) => {
        focusSummary.current = true;
        if (error instanceof ApiError && error.status === 401) setSignInNeeded(true);
        else if (error instanceof ApiError && error.status === 400 && (error.problem?.errors ?? []).length > 0) setSaveProblems(error.problem?.errors ?? []);
        else setPageError(`The assessment was not saved. ${problemText(error)}`);
      },
    ).finally(() => { setBusy(false); });
  };

  if (signInNeeded) return <SignInNeeded what="financial assessment" />;
  const shown = calculation.status === 'calculated' ? calculation.result : calculation.status === 'calculating' ? calculation.previous : null;
  return (
    <>
      {unique.length > 0 && <ErrorSummary errors={unique} focusNow={focusSummary} />}
      {saved !== null && (
        <div className="nhsuk-inset-text" tabIndex={-1} ref={noticeRef} role="status">
          <p>
            Saved: financial assessment for {saved.financialYear}, weekly charge {formatPence(saved.weeklyChargePence)}
            {saved.selfFunder ? ' (self-funder)' : ''}.
          </p>
          <p><a href={moneyPath(saved.personId)}>See their money and assessments</a></p>
        </div>
      )}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <form noValidate onSubmit={submit} aria-label="Financial assessment">
            <AssessmentFields form={form} options={options} onChange={change} errorOf={errorOf} />
            <button className="nhsuk-button" type="submit" disabled={busy}>{canSave ? 'Save assessment' : 'Calculate'}</button>
          </form>
        </div>
        <div className="nhsuk-grid-column-one-half">
          <section className="app-finance-calculation" aria-labelledby="fa-calculation-heading">
            <h2 id="fa-calculation-heading">Calculation</h2>
            <div role="status" aria-live="polite">
              <p className="nhsuk-body-s">{calculationStatus(calculation)}</p>
            </div>
            {shown !== null && errors.length === 0 && <ChargeLetter result={shown} />}
          </section>
        </div>
      </div>
    </>
  );
}

/**
 * The Care Act financial assessment: what the person would pay towards their care each week, worked
 * out as it is typed (nothing is saved) and, from a person's record, saved as their assessment.
 */
export function FinancialAssessmentPage({ personId }: { personId?: string }) {
  const { state, retry } = useLoad((signal) => fetchChargingOptions(signal), 'charging-options');
  const person = useLoad((signal) => (personId === undefined ? Promise.resolve(null) : fetchPerson(personId, signal)), personId ?? '');
  const name = person.state.status === 'loaded' ? person.state.value?.header.name : undefined;
  const session = useSession();
  const canSave = personId !== undefined && hasRole(assessmentRoles, session?.signedIn.role);
  usePageTitle('Financial assessment');
  return (
    <>
      {personId !== undefined && <span className="nhsuk-caption-l">{name ?? 'Shared care record'}</span>}
      <h1>Financial assessment</h1>
      <p className="nhsuk-u-reading-width">
        What the person pays towards their care and support each week under the Care Act 2014 charging rules (Care and Support Statutory Guidance,
        chapter 8 and annexes B and C), worked out as you type.
        {canSave ? ' Save it to keep it on the person’s record.' : ' Nothing is saved: social workers and care coordinators save assessments from the person’s money and budgets.'}
      </p>
      <div role="status" aria-live="polite">{state.status === 'loading' && <p>Loading…</p>}</div>
      {state.status === 'failed' && <LoadError what="charging rates" error={state.error} onRetry={retry} />}
      {person.state.status === 'failed' && <LoadError what="person’s record" error={person.state.error} onRetry={person.retry} />}
      {state.status === 'loaded' && <AssessmentWorkspace options={state.value} personId={personId} />}
      {personId !== undefined && <BackToRecord id={personId} self={false} />}
    </>
  );
}
