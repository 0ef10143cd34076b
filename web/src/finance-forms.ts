// The pure side of the finance forms on the money and fund pages: the resource allocation rules the
// budget form offers (GET /api/finance/ras) and the indicative budget they give, the bodies of the
// budget, direct-payment and actual postings built from what was typed, who may use each form, the
// idempotency key of a submission, and the server's problems as errors of the form's fields.
import type { FieldError } from './error-summary.js';
import { everyOf, type Fields, isNumber, isObject, isString } from './finance-checks.js';
import { parsePounds } from './finance.js';

/** Who agrees a personal budget and posts direct payments (socialWorker in src/finance/routes/fund.ts). */
export const budgetRoles: readonly string[] = ['social-worker'];

/** Who posts actual spend on a pooled fund's schemes (actualWriters in src/finance/routes/fund.ts). */
export const actualRoles: readonly string[] = ['commissioner', 'administrator'];

// ---- Resource allocation rules -----------------------------------------------------------------

export interface RasLevel { level: string; label: string; points: number }
export interface RasDomain { id: string; label: string; levels: RasLevel[] }
export interface RasRuleSet {
  id: string;
  name: string;
  effectiveFrom: string;
  source: string;
  poundsPerPointPence: number;
  minimumWeeklyPence: number;
  domains: RasDomain[];
}

/** GET /api/finance/ras: the rule set in force today, and every set (latest first). */
export interface RasAnswer { current: RasRuleSet; ruleSets: RasRuleSet[] }

const isLevel = (v: unknown): v is RasLevel => isObject(v) && isString(v.level) && isString(v.label) && isNumber(v.points);
const isDomain = (v: unknown): v is RasDomain => isObject(v) && isString(v.id) && isString(v.label) && everyOf(v.levels, isLevel);

function ruleSetOf(v: unknown): RasRuleSet | undefined {
  if (!isObject(v) || !isString(v.id) || !isString(v.name) || !isString(v.effectiveFrom) || !isString(v.source)) return undefined;
  if (!isNumber(v.poundsPerPointPence) || !isNumber(v.minimumWeeklyPence) || !everyOf(v.domains, isDomain)) return undefined;
  return {
    id: v.id, name: v.name, effectiveFrom: v.effectiveFrom, source: v.source, poundsPerPointPence: v.poundsPerPointPence, minimumWeeklyPence: v.minimumWeeklyPence,
    domains: v.domains.map((d) => ({ id: d.id, label: d.label, levels: d.levels.map((l) => ({ level: l.level, label: l.label, points: l.points })) })),
  };
}

/** The answer of GET /api/finance/ras, or undefined when it is not in that form. */
export function rasAnswerOf(body: unknown): RasAnswer | undefined {
  const current = ruleSetOf(body);
  if (current === undefined || !isObject(body) || !Array.isArray(body.ruleSets)) return undefined;
  const ruleSets = (body.ruleSets as unknown[]).map(ruleSetOf);
  if (ruleSets.some((r) => r === undefined)) return undefined;
  return { current, ruleSets: ruleSets.filter((r): r is RasRuleSet => r !== undefined) };
}

/**
 * The rule set in force on a day, as the server picks it (rasRulesOn in src/finance/budgets.ts): the
 * latest that took effect on or before it; null when none had. No valid day: the set in force today.
 */
export function ruleSetOn(ras: RasAnswer, day: string | undefined): RasRuleSet | null {
  if (day === undefined) return ras.current;
  const started = ras.ruleSets.filter((r) => r.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  return started[0] ?? null;
}

/**
 * The indicative weekly budget the rules give for the levels chosen (indicativeBudget in
 * src/finance/budgets.ts; Care and Support Statutory Guidance 11.22–11.28): each chosen level's points
 * added up, never below zero, priced at the set's pence a point, no less than its minimum.
 */
export function indicativeWeekly(rules: RasRuleSet, needs: Readonly<Record<string, string>>): { points: number; weeklyPence: number } {
  let points = 0;
  for (const domain of rules.domains) {
    const level = needs[domain.id];
    points += domain.levels.find((l) => l.level === level)?.points ?? 0;
  }
  points = Math.max(0, points);
  return { points, weeklyPence: Math.max(rules.minimumWeeklyPence, points * rules.poundsPerPointPence) };
}

/** The person's weekly contribution (never more than the agreed budget) and the council's amount, the rest (Care Act 2014 s.26(1)(b)–(c)). */
export function budgetSplit(agreedWeeklyPence: number, weeklyChargePence: number): { personPence: number; councilPence: number } {
  const personPence = Math.max(0, Math.min(agreedWeeklyPence, weeklyChargePence));
  return { personPence, councilPence: agreedWeeklyPence - personPence };
}

// ---- Bodies of the postings --------------------------------------------------------------------

/** A problem found before asking the server, at the body path the server would name. */
export interface FormProblem { path: string; message: string }

const moneyMessage = (what: string): string => `Enter ${what} in pounds and pence, like 120.50`;

export interface BudgetForm {
  /** The level chosen in each needs domain ('' for not chosen, which is left out). */
  needs: Record<string, string>;
  /** The agreed weekly amount as typed; null while it follows the indicative budget. */
  agreed: string | null;
  deliveryMechanism: string;
  start: string;
  assessmentId: string;
}

/** The body of POST /api/people/:id/personal-budgets for the form (the agreed amount left out while it is the indicative one). */
export function budgetBodyOf(form: BudgetForm): { body: Fields; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const needs = Object.fromEntries(Object.entries(form.needs).filter(([, level]) => level !== ''));
  const body: Fields = { needs, deliveryMechanism: form.deliveryMechanism, start: form.start };
  if (form.agreed !== null) {
    const pence = parsePounds(form.agreed);
    if (pence === undefined || pence === null) problems.push({ path: '/agreedWeeklyPence', message: moneyMessage('the agreed weekly budget') });
    else body.agreedWeeklyPence = pence;
  }
  if (form.assessmentId !== '') body.assessmentId = form.assessmentId;
  return { body, problems };
}

export interface PostingForm {
  kind: string;
  amount: string;
  date: string;
  reference: string;
}

/** The body of a posting of money (a direct payment, or an actual on a scheme), without its idempotency key. */
export function postingBodyOf(form: PostingForm, extra: Fields = {}): { body: Fields; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const body: Fields = { ...extra, kind: form.kind, date: form.date, reference: form.reference.trim() };
  const pence = parsePounds(form.amount);
  if (pence === undefined || pence === null) problems.push({ path: '/amountPence', message: moneyMessage('the amount') });
  else body.amountPence = pence;
  return { body, problems };
}

/**
 * The idempotency key of a submission: the one of the submission before while the body is the same
 * (a double click, or a retry after no answer, posts once), a new one when it differs.
 */
export function submissionKey(previous: { body: string; key: string } | null, body: string, newKey: () => string): { body: string; key: string } {
  return previous !== null && previous.body === body ? previous : { body, key: newKey() };
}

// ---- The server's problems as the form's errors ------------------------------------------------

/** Where a body path's problems are shown: the field's id, and the words for a problem worded to follow a field's name. */
export type FieldsByPath = Readonly<Record<string, { id: string; message: string }>>;

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Problems (`errors[]` of a 400, or found before asking) as errors of the form's fields: a problem
 * worded to follow a field's name ("must be >= 0", "is not …") is said in the field's own words;
 * a problem at no field of the form is shown in the summary alone.
 */
export function fieldErrorsFor(problems: readonly FormProblem[], fields: FieldsByPath): FieldError[] {
  return problems.map((p) => {
    const field = fields[p.path];
    if (field === undefined) return { fieldId: '', message: sentence(p.message) };
    return { fieldId: field.id, message: /^(must|is|should|cannot|has)\b/.test(p.message) ? field.message : sentence(p.message) };
  });
}
