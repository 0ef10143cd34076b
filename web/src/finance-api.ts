// Calls to the finance API: Care Act charging, stored financial assessments, the pooled fund and a person's money.
import { ApiError, getJson, postJson } from './api.js';
import { type Assessment, chargingOptionsOf, type ChargingOptions, type ChargeResult, isAssessmentAnswer, isAssessmentsAnswer, isChargeResult } from './finance.js';
import { isPersonalBudget, isPersonMoney, type PersonalBudget, type PersonMoney } from './finance-budgets.js';
import { isNumber, isObject, isString } from './finance-checks.js';
import { type Fund, type FundPackages, type FundPosition, isFundPackages, isFundPosition, isFunds } from './finance-fund.js';
import { type RasAnswer, rasAnswerOf } from './finance-forms.js';

function checked<T>(body: unknown, check: (body: unknown) => body is T, what: string): T {
  if (!check(body)) throw new ApiError(`The server sent ${what} in a form this page does not understand.`, 200);
  return body;
}

const person = (id: string): string => `/api/people/${encodeURIComponent(id)}`;

/** The financial years with charging rates, the kinds of income and the periods the assessment form offers. */
export async function fetchChargingOptions(signal?: AbortSignal): Promise<ChargingOptions> {
  const options = chargingOptionsOf(await getJson('/api/finance/charging/years', signal));
  if (options === undefined) throw new ApiError('The server sent the charging years in a form this page does not understand.', 200);
  return options;
}

/** What the person would pay each week for this input, line by line; nothing is saved (400 finance_input_invalid with each problem's path). */
export async function calculateCharge(input: unknown, signal?: AbortSignal): Promise<ChargeResult> {
  return checked(await postJson('/api/finance/charge', input, signal), isChargeResult, 'the calculation');
}

/** Calculates and stores a financial assessment of the person. */
export async function saveAssessment(personId: string, input: unknown): Promise<Assessment> {
  return checked(await postJson(`${person(personId)}/financial-assessments`, input), isAssessmentAnswer, 'the saved assessment').assessment;
}

/** The person's financial assessments, newest first. */
export async function fetchAssessments(personId: string, signal?: AbortSignal): Promise<Assessment[]> {
  return checked(await getJson(`${person(personId)}/financial-assessments`, signal), isAssessmentsAnswer, 'the financial assessments').assessments;
}

/** The pooled funds. */
export async function fetchFunds(signal?: AbortSignal): Promise<Fund[]> {
  return checked(await getJson('/api/finance/funds', signal), isFunds, 'the pooled funds').funds;
}

/** A fund's position as at a day (the server's today when none is given). */
export async function fetchFundPosition(fundId: string, asOf: string | undefined, signal?: AbortSignal): Promise<FundPosition> {
  const query = asOf === undefined ? '' : `?${new URLSearchParams({ asOf }).toString()}`;
  return checked(await getJson(`/api/finance/funds/${encodeURIComponent(fundId)}/position${query}`, signal), isFundPosition, 'the fund’s position');
}

/** One page of the care packages charged to the fund that the reader may see, from `after` (a cursor). */
export async function fetchFundPackages(fundId: string, after: string | null, signal?: AbortSignal): Promise<FundPackages> {
  const query = new URLSearchParams({ limit: '50' });
  if (after !== null) query.set('after', after);
  return checked(await getJson(`/api/finance/funds/${encodeURIComponent(fundId)}/packages?${query.toString()}`, signal), isFundPackages, 'the fund’s packages');
}

/** The person's personal budget, direct payment account, health budgets, packages and money lines. */
export async function fetchPersonMoney(personId: string, signal?: AbortSignal): Promise<PersonMoney> {
  return checked(await getJson(`${person(personId)}/money`, signal), isPersonMoney, 'the person’s money');
}

/** The resource allocation rules the personal budget form offers: the set in force today, and every set. */
export async function fetchRas(signal?: AbortSignal): Promise<RasAnswer> {
  const ras = rasAnswerOf(await getJson('/api/finance/ras', signal));
  if (ras === undefined) throw new ApiError('The server sent the resource allocation rules in a form this page does not understand.', 200);
  return ras;
}

const isBudgetAnswer = (body: unknown): body is { personalBudget: PersonalBudget } => isObject(body) && isPersonalBudget(body.personalBudget);

/** Agrees a personal budget for the person (400 finance_input_invalid or validation_failed with each problem's path). */
export async function agreePersonalBudget(personId: string, body: unknown): Promise<PersonalBudget> {
  return checked(await postJson(`${person(personId)}/personal-budgets`, body), isBudgetAnswer, 'the agreed budget').personalBudget;
}

/** A journal the ledger posted: its id and sequence number. */
export interface PostedJournal { id: string; sequence: number }

const isJournalAnswer = (body: unknown): body is { journal: PostedJournal } => isObject(body) && isObject(body.journal) && isString(body.journal.id) && isNumber(body.journal.sequence);

/** Posts a payment into, or surplus returned from, the person's direct-payment account (a retry with the same key posts once). */
export async function postDirectPayment(personId: string, body: unknown): Promise<PostedJournal> {
  return checked(await postJson(`${person(personId)}/direct-payments`, body), isJournalAnswer, 'the direct payment').journal;
}

/** Posts an invoice or payment against a scheme of the fund (a retry with the same key posts once). */
export async function postActual(fundId: string, body: unknown): Promise<PostedJournal> {
  return checked(await postJson(`/api/finance/funds/${encodeURIComponent(fundId)}/actuals`, body), isJournalAnswer, 'the posted actual').journal;
}
