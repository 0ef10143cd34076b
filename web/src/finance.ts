// What the finance API sends about Care Act charging (src/finance/routes/charging.ts): what the
// assessment form offers, the charge result and stored assessments, with checks that an answer is
// in the form the pages expect; and the pure helpers the finance screens use: money in words,
// pounds typed → pence, the charge input document built from the form (with a care home
// resident's former home), what the letter says of that home, a 400's problem paths → the form's fields.
import { everyOf, type Fields, hasMoney, isBoolean, isNumber, isObject, isString } from './finance-checks.js';

// ---- Money -------------------------------------------------------------------------------------

const pounds = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Integer pence as money: 123456 → "£1,234.56", −500 → "−£5.00" (a true minus sign, as the NHS style guide writes it). */
export function formatPence(pence: number): string {
  const whole = Math.round(pence);
  const abs = Math.abs(whole);
  const text = `£${pounds.format(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
  return whole < 0 ? `−${text}` : text;
}

/**
 * Money typed in pounds ("1,234.5", "£120", "-3.20") as integer pence; '' → null (nothing typed);
 * undefined when it is not an amount of pounds and pence. Parsed from the digits, never through a
 * float, so "0.29" is 29 pence and not 28.999….
 */
export function parsePounds(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const trimmed = text.trim().replace(/^£/, '').replace(/,/g, '').trim();
  const match = /^(-|−)?£?(\d+)(?:\.(\d{1,2}))?$/.exec(trimmed);
  if (match === null) return undefined;
  const [, minus, whole = '0', fraction = ''] = match;
  const pence = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(pence)) return undefined;
  return minus === undefined ? pence : -pence;
}

/** Pence as pounds for a form field to start from: 12050 → "120.50". */
export function penceAsPounds(pence: number): string {
  const abs = Math.abs(pence);
  return `${pence < 0 ? '-' : ''}${String(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}

// ---- Charging ----------------------------------------------------------------------------------

export type Setting = 'non_residential' | 'residential';

export const settings: readonly { value: Setting; label: string; hint: string }[] = [
  { value: 'non_residential', label: 'Care at home or in the community', hint: 'The minimum income guarantee protects what the person keeps.' },
  { value: 'residential', label: 'Care in a care home', hint: 'The person keeps the personal expenses allowance.' },
];

export interface ChargingYear {
  financialYear: string;
  from: string;
}

export interface IncomeType {
  type: string;
  label: string;
  treatment: string;
}

export interface Period {
  value: string;
  label: string;
}

/** What the assessment form offers: the financial years with rates, the kinds of income and the periods an amount is paid for. */
export interface ChargingOptions {
  years: ChargingYear[];
  incomeTypes: IncomeType[];
  periods: Period[];
  /** The councils whose local charging policy the engine holds (none: only the statutory defaults). */
  councils: { id: string; name: string }[];
}

const periodLabels: Readonly<Record<string, string>> = { weekly: 'Weekly', four_weekly: 'Every 4 weeks', monthly: 'Monthly', annual: 'Yearly' };

/** A period's words ("four_weekly" → "Every 4 weeks"); one the web UI does not know is shown as it is. */
export function periodLabel(period: string): string {
  return periodLabels[period] ?? period;
}

/** A period as the server lists it: its name alone, or `{ period|value, label? }`. */
function periodOf(value: unknown): Period | undefined {
  if (isString(value)) return { value, label: periodLabel(value) };
  if (!isObject(value)) return undefined;
  const name = isString(value.period) ? value.period : isString(value.value) ? value.value : undefined;
  if (name === undefined) return undefined;
  return { value: name, label: isString(value.label) ? value.label : periodLabel(name) };
}

/** GET /api/finance/charging/years, read into what the form offers; undefined when the answer is not in that form. */
export function chargingOptionsOf(body: unknown): ChargingOptions | undefined {
  if (!isObject(body)) return undefined;
  const years = body.years;
  const types = body.incomeTypes;
  if (!everyOf(years, (y): y is ChargingYear => isObject(y) && isString(y.financialYear) && isString(y.from))) return undefined;
  if (!everyOf(types, (t): t is IncomeType => isObject(t) && isString(t.type) && isString(t.label) && isString(t.treatment))) return undefined;
  if (!Array.isArray(body.periods)) return undefined;
  const periods = (body.periods as unknown[]).map(periodOf);
  if (periods.some((p) => p === undefined)) return undefined;
  const councils = body.councils === undefined ? [] : body.councils;
  if (!everyOf(councils, (c): c is { id: string; name: string } => isObject(c) && isString(c.id) && isString(c.name))) return undefined;
  return {
    years: years.map((y) => ({ financialYear: y.financialYear, from: y.from })),
    incomeTypes: types.map((t) => ({ type: t.type, label: t.label, treatment: t.treatment })),
    periods: periods.filter((p): p is Period => p !== undefined),
    councils: councils.map((c) => ({ id: c.id, name: c.name })),
  };
}

/** The financial year a day falls in (the latest whose rates start on or before it), else the latest there is. */
export function yearOn(years: readonly ChargingYear[], day: string): string | undefined {
  const sorted = [...years].sort((a, b) => a.from.localeCompare(b.from));
  const started = sorted.filter((y) => y.from <= day);
  return (started[started.length - 1] ?? sorted[sorted.length - 1])?.financialYear;
}

export interface ChargeLine {
  label: string;
  amount_pence: number;
  /** What the line is in the working: a total or the result is shown in bold. */
  kind?: string;
}

/**
 * What the engine says about a care home resident's former home (src/finance/charging/property.ts):
 * its value as capital (the share, less 10% for the expenses of sale and the debts secured on it),
 * how much of it counts now, and why not ('twelve_week': the first 12 weeks of the placement).
 */
export interface HomeResult {
  value_pence: number;
  share_percent: number;
  prior_charges_pence: number;
  capital_value_pence: number;
  counted_pence: number;
  /** 'twelve_week', 'mandatory', 'discretionary', 'none' (it counts) or 'main_home_care_at_home'. */
  disregard: string;
  twelve_week_weeks_left: number | null;
}

/** Whether the council must offer a deferred payment agreement for the home, why, and the most it may defer against it. */
export interface DeferredPaymentResult {
  must_offer: boolean;
  reason: string;
  equity_limit_pence: number;
}

/** POST /api/finance/charge's answer: what the person pays each week, and why, line by line. */
export interface ChargeResult {
  weekly_charge_pence: number;
  council_pays_pence: number;
  tariff_income_pence: number;
  self_funder: boolean;
  lines: ChargeLine[];
  /** The former home, when the input had one (null or absent otherwise). */
  property?: HomeResult | null;
  deferred_payment?: DeferredPaymentResult | null;
}

const isHomeResult = (value: unknown): value is HomeResult => isObject(value)
  && hasMoney(value, 'value_pence', 'share_percent', 'prior_charges_pence', 'capital_value_pence', 'counted_pence') && isString(value.disregard)
  && (value.twelve_week_weeks_left === null || isNumber(value.twelve_week_weeks_left));

const isDeferredPayment = (value: unknown): value is DeferredPaymentResult => isObject(value)
  && isBoolean(value.must_offer) && isString(value.reason) && isNumber(value.equity_limit_pence);

export function isChargeResult(body: unknown): body is ChargeResult {
  return isObject(body) && isNumber(body.weekly_charge_pence) && isNumber(body.council_pays_pence) && isNumber(body.tariff_income_pence)
    && isBoolean(body.self_funder) && everyOf(body.lines, (l): l is ChargeLine => isObject(l) && isString(l.label) && isNumber(l.amount_pence))
    && (body.property === undefined || body.property === null || isHomeResult(body.property))
    && (body.deferred_payment === undefined || body.deferred_payment === null || isDeferredPayment(body.deferred_payment));
}

/** A row of the letter's summary of the former home: what it is about, the answer, and (sometimes) why. */
export interface HomeSummaryRow {
  label: string;
  value: string;
  detail?: string;
}

const homeDisregardWords: Readonly<Record<string, string>> = {
  twelve_week: 'Disregarded for the first 12 weeks of the permanent placement',
  mandatory: 'Disregarded: a partner, a relative aged 60 or over or incapacitated, or a child under 18 lives there',
  discretionary: 'Disregarded at the council’s discretion',
  none: 'Counted as capital',
  main_home_care_at_home: 'Disregarded: it is the home the person lives in',
};

/**
 * What the letter says about the former home, from the engine's `property` and `deferred_payment`:
 * whether it is counted or disregarded, the weeks of the 12-week disregard left, its value as
 * capital, and the deferred payment agreement with its equity limit when the engine gives one.
 * Nothing when the input had no home.
 */
export function homeSummaryOf(result: ChargeResult): HomeSummaryRow[] {
  const home = result.property;
  if (home === undefined || home === null) return [];
  const rows: HomeSummaryRow[] = [{ label: 'How the home is treated', value: homeDisregardWords[home.disregard] ?? home.disregard }];
  if (home.twelve_week_weeks_left !== null) {
    const left = home.twelve_week_weeks_left;
    rows.push({ label: 'Weeks of the 12-week disregard left', value: `${String(left)} ${left === 1 ? 'week' : 'weeks'}` });
  }
  rows.push({
    label: 'Value of the home as capital', value: formatPence(home.capital_value_pence),
    detail: `${String(home.share_percent)}% of ${formatPence(home.value_pence)}, less 10% for the costs of selling it${home.prior_charges_pence > 0 ? ' and the loans secured on it' : ''}.`,
  });
  rows.push({ label: 'Counted as capital now', value: formatPence(home.counted_pence) });
  const deferred = result.deferred_payment;
  if (deferred !== undefined && deferred !== null) {
    rows.push({ label: 'Deferred payment agreement', value: deferred.must_offer ? 'The council must offer one' : 'The council does not have to offer one', detail: deferred.reason });
    rows.push({ label: 'Equity limit', value: formatPence(deferred.equity_limit_pence), detail: 'The most that can be deferred against the home: 90% of the person’s share, less the lower capital limit and the loans secured on it.' });
  }
  return rows;
}

/** A stored financial assessment: its input and result, who made it and when. */
export interface Assessment {
  id: string;
  personId: string;
  financialYear: string;
  setting: string;
  weeklyChargePence: number;
  councilPaysPence: number;
  selfFunder: boolean;
  assessedAt: string;
  assessedBy: string;
  input: Fields;
  result: Fields;
}

export function isAssessment(value: unknown): value is Assessment {
  return isObject(value) && isString(value.id) && isString(value.personId) && isString(value.financialYear) && isString(value.setting)
    && isNumber(value.weeklyChargePence) && isNumber(value.councilPaysPence) && isBoolean(value.selfFunder) && isString(value.assessedAt)
    && isString(value.assessedBy) && isObject(value.input) && isObject(value.result);
}

export function isAssessmentAnswer(body: unknown): body is { assessment: Assessment } {
  return isObject(body) && isAssessment(body.assessment);
}

export function isAssessmentsAnswer(body: unknown): body is { assessments: Assessment[] } {
  return isObject(body) && everyOf(body.assessments, isAssessment);
}

/** A row of the form's money lists (income, housing costs, disability-related expenditure), as typed. */
export interface MoneyRow {
  key: number;
  /** The income type, or the cost's label. */
  what: string;
  amount: string;
  period: string;
}

/** Which disregard of a care home resident's former home applies, beyond the first 12 weeks of the placement. */
export type HomeDisregard = 'none' | 'mandatory' | 'discretionary';

/** The disregards the form offers, in the words of the Care and Support Statutory Guidance, Annex B (SI 2014/2672 Schedule 2). */
export const homeDisregards: readonly { value: HomeDisregard; label: string; hint: string }[] = [
  { value: 'none', label: 'No disregard', hint: 'The home is not counted for the first 12 weeks of the permanent placement, then it counts as capital.' },
  {
    value: 'mandatory', label: 'Mandatory disregard',
    hint: 'Someone still lives there as their home: the person’s partner, a relative aged 60 or over or incapacitated, or a child under 18 they are responsible for.',
  },
  { value: 'discretionary', label: 'Discretionary disregard', hint: 'The council has agreed not to count it, for example because a carer who gave up their own home lives there.' },
];

/** A care home resident's former home, as typed. */
export interface HomeForm {
  /** Its value in pounds ('' when there is no home to assess). */
  value: string;
  /** Mortgages and other loans secured on it, in pounds. */
  priorCharges: string;
  /** The person's share, a whole percentage. */
  share: string;
  weeksInCare: string;
  disregard: HomeDisregard;
}

/** No former home: the person owns it all, should one be entered. */
export const noHome: HomeForm = { value: '', priorCharges: '', share: '100', weeksInCare: '', disregard: 'none' };

/** Whether anything about a home was entered (a share of 100, the starting value, alone is not). */
function homeGiven(home: HomeForm): boolean {
  const share = home.share.trim();
  return [home.value, home.priorCharges, home.weeksInCare].some((t) => t.trim() !== '') || (share !== '' && share !== '100') || home.disregard !== 'none';
}

/** The assessment form as typed: text as the person entered it, turned into the input document by `chargeInputOf`. */
export interface AssessmentForm {
  setting: Setting;
  financialYear: string;
  /** The council whose local policy applies ('' for the statutory defaults). */
  council: string;
  age: string;
  pensionCreditAge: boolean;
  couple: boolean;
  disabilityPremium: boolean;
  enhancedDisabilityPremium: boolean;
  carerPremium: boolean;
  dependentChildren: string;
  capital: string;
  income: MoneyRow[];
  housingCosts: MoneyRow[];
  dre: MoneyRow[];
  weeklyCost: string;
  nightCareArranged: boolean;
  migWeekly: string;
  peaWeekly: string;
  nightCareDisregard: '' | 'yes' | 'no';
  savingsCreditDisregardMax: string;
  dreFlatWeekly: string;
  /** The former home of a care home resident (sent only for care in a care home). */
  home: HomeForm;
}

/** A problem found before asking the server: the body path it is at (as the server would name it) and what is wrong. */
export interface LocalProblem {
  path: string;
  message: string;
}

const moneyMessage = 'Enter an amount in pounds and pence, like 120.50';
const wholeMessage = 'Enter a whole number, like 2';

/**
 * The `joinedup charge` input document of the form (body of POST /api/finance/charge): money typed
 * in pounds becomes pence, empty optional fields are left out, and fields the form cannot read are
 * problems at the path the server would name. Anything else wrong is for the server to say.
 */
export function chargeInputOf(form: AssessmentForm): { input: Fields; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  const money = (text: string, path: string): number | null => {
    const pence = parsePounds(text);
    if (pence === undefined) {
      problems.push({ path, message: moneyMessage });
      return null;
    }
    return pence;
  };
  const whole = (text: string, path: string): number | null => {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    if (!/^-?\d+$/.test(trimmed)) {
      problems.push({ path, message: wholeMessage });
      return null;
    }
    return Number(trimmed);
  };
  const set = (target: Fields, key: string, value: number | null) => {
    if (value !== null) target[key] = value;
  };

  const person: Fields = {
    pension_credit_age: form.pensionCreditAge,
    couple: form.couple,
    disability_premium: form.disabilityPremium,
    enhanced_disability_premium: form.enhancedDisabilityPremium,
    carer_premium: form.carerPremium,
  };
  set(person, 'age', whole(form.age, '/person/age'));
  person.dependent_children = whole(form.dependentChildren, '/person/dependent_children') ?? 0;

  const input: Fields = { setting: form.setting, financial_year: form.financialYear, ...(form.council !== '' && { council: form.council }), person };
  input.capital_pence = money(form.capital, '/capital_pence') ?? 0;
  input.income = form.income.map((row, index) => {
    const line: Fields = { type: row.what, period: row.period };
    set(line, 'amount_pence', money(row.amount, `/income/${String(index)}/amount_pence`));
    return line;
  });
  const costs = (rows: readonly MoneyRow[], list: string) => rows.map((row, index) => {
    const line: Fields = { label: row.what, period: row.period };
    set(line, 'amount_pence', money(row.amount, `/${list}/${String(index)}/amount_pence`));
    return line;
  });
  input.housing_costs = costs(form.housingCosts, 'housing_costs');
  input.dre = costs(form.dre, 'dre');
  set(input, 'weekly_cost_pence', money(form.weeklyCost, '/weekly_cost_pence'));
  if (form.nightCareArranged) input.night_care_arranged = true;

  const policy: Fields = {};
  set(policy, 'mig_weekly_pence', money(form.migWeekly, '/policy/mig_weekly_pence'));
  set(policy, 'pea_weekly_pence', money(form.peaWeekly, '/policy/pea_weekly_pence'));
  if (form.nightCareDisregard !== '') policy.night_care_disregard = form.nightCareDisregard === 'yes';
  set(policy, 'savings_credit_disregard_max_pence', money(form.savingsCreditDisregardMax, '/policy/savings_credit_disregard_max_pence'));
  set(policy, 'dre_flat_weekly_pence', money(form.dreFlatWeekly, '/policy/dre_flat_weekly_pence'));
  if (Object.keys(policy).length > 0) input.policy = policy;

  // The former home counts only for care in a care home (for care at home the home lived in is disregarded).
  if (form.setting === 'residential' && homeGiven(form.home)) {
    const property: Fields = {};
    set(property, 'value_pence', money(form.home.value, '/property/value_pence'));
    set(property, 'prior_charges_pence', money(form.home.priorCharges, '/property/prior_charges_pence'));
    set(property, 'share_percent', whole(form.home.share.replace(/\s*%\s*$/, ''), '/property/share_percent'));
    set(property, 'weeks_in_care', whole(form.home.weeksInCare, '/property/weeks_in_care'));
    if (form.home.disregard !== 'none') property.disregard = form.home.disregard;
    input.property = property;
  }
  return { input, problems };
}

/** The id of the form field a body path names: "/income/0/period" → "fa-income-0-period". */
export function fieldIdOfPath(path: string): string {
  return `fa${path.replace(/[/_]/g, '-')}`;
}

/**
 * The field a problem at `path` belongs to: the field of the path itself, or else of the nearest
 * path above it that is a field ("/income/0" → the row's first field, "/property" → the home's
 * value); '' when none is.
 */
export function fieldForPath(path: string, fieldIds: ReadonlySet<string>): string {
  let at = path;
  for (;;) {
    const id = fieldIdOfPath(at);
    if (fieldIds.has(id)) return id;
    const firstOfRow = [`${id}-type`, `${id}-label`, `${id}-value-pence`].find((candidate) => fieldIds.has(candidate));
    if (firstOfRow !== undefined) return firstOfRow;
    const cut = at.lastIndexOf('/');
    if (cut <= 0) return '';
    at = at.slice(0, cut);
  }
}

/**
 * A problem in words: the server words its problems to follow a field's name ("must be at least 0"),
 * so those are put after the field's label; a message that is already a sentence is kept.
 */
export function problemMessage(label: string | undefined, message: string, path = ''): string {
  // The form takes pounds and pence, so a problem worded in pence is said in pounds.
  if (label !== undefined && path.endsWith('_pence') && /\bwhole pence\b/.test(message)) return `${label} must be an amount in pounds and pence, £0.00 or more`;
  if (label !== undefined && /^(must|is|should|cannot|has)\b/.test(message)) return `${label} ${message}`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

// ---- Codes in words ----------------------------------------------------------------------------

const words: Readonly<Record<string, string>> = {
  direct_payment: 'Direct payment', managed: 'Managed by the council', commissioned: 'Council-commissioned services', notional: 'Notional budget',
  third_party: 'Third-party budget', mixed: 'Mixed', chc: 'NHS Continuing Healthcare', s117: 'Section 117 aftercare', wheelchair: 'Wheelchair',
  other: 'Other', council: 'Council', icb: 'NHS (ICB)', person: 'The person', pooled: 'Pooled fund', non_residential: 'Care at home or in the community',
  residential: 'Care in a care home',
};

/** A code the finance API uses in words ("direct_payment" → "Direct payment"); one the web UI does not know is shown as it is. */
export function financeWord(code: string): string {
  return words[code] ?? code;
}
