/**
 * Personal budgets (Care Act 2014 s.26; Care and Support Statutory Guidance ch. 11): the indicative
 * amount from assessed needs by the resource allocation rules in force (data, with effective dates),
 * the agreed budget split into the person's assessed contribution and the council's amount, and how
 * it is taken (direct payment, council-managed, commissioned support); the direct-payment account
 * (Care and Support (Direct Payments) Regulations 2014) with payments and returned surplus posted to
 * the ledger; NHS personal health budgets on the same person (standing rules reg 32A, SI 2012/2996);
 * and a person's money, each line tagged with its funder (DOMAIN.md §7).
 */
import type { Db, Queryable } from '../platform/index.js';
import { financeError } from './errors.js';
import { fundAccounts, personPackages, type CarePackage } from './fund.js';
import { ensureAccounts, isIsoDate, postJournal, postings, type Account, type Journal } from './ledger.js';

/** The ledger accounts of direct payments: the council pays from its bank into the person's direct-payment account. */
export const directPaymentAccounts = {
  bank: { code: 'asc:bank', name: 'Council bank account: adult social care', kind: 'asset' },
  held: { code: 'asc:direct-payments', name: 'Direct payments paid to people, less surplus returned', kind: 'asset' },
} as const satisfies Record<string, Account>;

export interface RasLevel { level: string; label: string; points: number }
export interface RasDomain { id: string; label: string; levels: RasLevel[] }
export interface RasRules { poundsPerPointPence: number; minimumWeeklyPence: number; domains: RasDomain[] }
export interface RasRuleSet { id: string; name: string; effectiveFrom: string; source: string; rules: RasRules }

export type DeliveryMechanism = 'direct_payment' | 'managed' | 'commissioned';

export interface PersonalBudget {
  id: string;
  indicativePence: number;
  agreedWeeklyPence: number;
  personContributionWeeklyPence: number;
  councilWeeklyPence: number;
  deliveryMechanism: DeliveryMechanism;
  start: string;
  end: string | null;
  rasPoints: number;
  ruleSet: string;
  agreedBy: string;
  agreedAt: string;
}

export interface HealthBudget {
  id: string;
  kind: 'chc' | 's117' | 'wheelchair' | 'other';
  weeklyPence: number;
  management: 'direct_payment' | 'notional' | 'third_party' | 'mixed';
  start: string;
  end: string | null;
}

const invalid = (detail: string, problems: { path: string; message: string }[]) => financeError('finance_input_invalid', detail, problems.map((p) => ({ where: 'body', ...p })));

/** Every resource allocation rule set, latest first. */
export async function listRasRuleSets(db: Queryable): Promise<RasRuleSet[]> {
  const { rows } = await db.query<{ id: string; name: string; effective_from: string; source: string; rules: RasRules }>(
    'SELECT id, name, effective_from, source, rules FROM finance.ras_rule_set ORDER BY effective_from DESC',
  );
  return rows.map((r) => ({ id: r.id, name: r.name, effectiveFrom: r.effective_from, source: r.source, rules: r.rules }));
}

/** The rule set in force on a date: the latest that took effect on or before it. */
export async function rasRulesOn(db: Queryable, date: string): Promise<RasRuleSet> {
  const found = (await listRasRuleSets(db)).find((r) => r.effectiveFrom <= date);
  if (found === undefined) throw financeError('no_ras_rules', `No resource allocation rules were in force on ${date}.`);
  return found;
}

/**
 * The indicative weekly budget for assessed needs: the points of each domain's level added up
 * (a domain not given scores nothing; a carer's support can take points away, never below zero),
 * priced at the rule set's pence per point, and no less than its minimum. Guidance 11.23–11.24:
 * the result is a starting point, which the agreed budget may move from to meet eligible needs.
 */
export function indicativeBudget(rules: RasRules, needs: Readonly<Record<string, string>>): { points: number; weeklyPence: number; problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = [];
  let points = 0;
  for (const [domain, level] of Object.entries(needs)) {
    const d = rules.domains.find((x) => x.id === domain);
    if (d === undefined) {
      problems.push({ path: `/needs/${domain}`, message: `is not a needs domain (${rules.domains.map((x) => x.id).join(', ')})` });
      continue;
    }
    const l = d.levels.find((x) => x.level === level);
    if (l === undefined) problems.push({ path: `/needs/${domain}`, message: `must be one of ${d.levels.map((x) => x.level).join(', ')}` });
    else points += l.points;
  }
  points = Math.max(0, points);
  return { points, weeklyPence: Math.max(rules.minimumWeeklyPence, points * rules.poundsPerPointPence), problems };
}

export interface PersonalBudgetInput {
  needs: Record<string, string>;
  agreedWeeklyPence?: number;
  deliveryMechanism: DeliveryMechanism;
  start: string;
  assessmentId?: string;
}

/** The person's weekly contribution from a financial assessment (Care Act s.17), or none assessed. */
export type ContributionLookup = (db: Queryable, personId: number, assessmentId: string | undefined) => Promise<{ assessmentId: string | null; weeklyChargePence: number } | null>;

interface BudgetRow {
  id: string; indicative_weekly_pence: number; agreed_weekly_pence: number; person_contribution_weekly_pence: number; council_weekly_pence: number;
  delivery_mechanism: DeliveryMechanism; start_date: string; end_date: string | null; ras_points: number; rule_set_id: string; agreed_by: string; agreed_at: Date;
}
const budgetOf = (r: BudgetRow): PersonalBudget => ({
  id: r.id, indicativePence: r.indicative_weekly_pence, agreedWeeklyPence: r.agreed_weekly_pence, personContributionWeeklyPence: r.person_contribution_weekly_pence,
  councilWeeklyPence: r.council_weekly_pence, deliveryMechanism: r.delivery_mechanism, start: r.start_date, end: r.end_date, rasPoints: r.ras_points,
  ruleSet: r.rule_set_id, agreedBy: r.agreed_by, agreedAt: new Date(r.agreed_at).toISOString(),
});
const budgetColumns = `id::text AS id, indicative_weekly_pence, agreed_weekly_pence, person_contribution_weekly_pence, council_weekly_pence, delivery_mechanism,
  start_date, end_date, ras_points, rule_set_id, agreed_by, agreed_at`;

/**
 * Agrees a personal budget (the caller has checked they may see the person): indicative amount by
 * the rules in force on its start, agreed amount (the indicative one unless given), the person's
 * contribution from their latest (or the given) financial assessment — never more than the budget —
 * and the council's amount, the rest. The budget it follows ends the day before it starts. A direct
 * payment opens (or moves to this budget) the person's direct-payment account.
 */
export async function agreePersonalBudget(db: Db, personId: number, input: PersonalBudgetInput, by: string, contributionOf: ContributionLookup): Promise<PersonalBudget> {
  const problems: { path: string; message: string }[] = [];
  if (!isIsoDate(input.start)) throw invalid('The personal budget cannot be agreed.', [{ path: '/start', message: 'must be a date (YYYY-MM-DD)' }]);
  const ruleSet = await rasRulesOn(db, input.start);
  const indicative = indicativeBudget(ruleSet.rules, input.needs);
  problems.push(...indicative.problems);
  if (Object.keys(input.needs).length === 0) problems.push({ path: '/needs', message: 'give the assessed level of at least one needs domain' });
  const agreed = input.agreedWeeklyPence ?? indicative.weeklyPence;
  if (!Number.isSafeInteger(agreed) || agreed < 0) problems.push({ path: '/agreedWeeklyPence', message: 'must be whole pence a week, 0 or more' });
  const assessment = await contributionOf(db, personId, input.assessmentId);
  if (input.assessmentId !== undefined && assessment === null) problems.push({ path: '/assessmentId', message: 'is not a financial assessment of this person' });
  if (problems.length > 0) throw invalid('The personal budget cannot be agreed.', problems);
  // Care Act s.26(1)(b)–(c): the amount the person must pay, and the rest the council pays.
  const contribution = Math.min(agreed, assessment?.weeklyChargePence ?? 0);
  return db.transaction(async (tx) => {
    await tx.query(`UPDATE finance.personal_budget SET end_date = $2::date - 1 WHERE person_id = $1 AND start_date < $2::date AND (end_date IS NULL OR end_date >= $2::date)`, [personId, input.start]);
    const { rows } = await tx.query<BudgetRow>(
      `INSERT INTO finance.personal_budget (person_id, rule_set_id, needs, ras_points, indicative_weekly_pence, agreed_weekly_pence, person_contribution_weekly_pence,
         council_weekly_pence, assessment_id, delivery_mechanism, start_date, agreed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${budgetColumns}`,
      [personId, ruleSet.id, JSON.stringify(input.needs), indicative.points, indicative.weeklyPence, agreed, contribution, agreed - contribution,
        assessment?.assessmentId ?? null, input.deliveryMechanism, input.start, by],
    );
    const budget = rows[0] as BudgetRow;
    if (input.deliveryMechanism === 'direct_payment') {
      await tx.query(
        `INSERT INTO finance.direct_payment_account (person_id, personal_budget_id, opened_by) VALUES ($1, $2, $3)
         ON CONFLICT (person_id) DO UPDATE SET personal_budget_id = excluded.personal_budget_id`,
        [personId, budget.id, by],
      );
    }
    return budgetOf(budget);
  });
}

/**
 * The person's current personal budget: of those in force today, the latest started (then the latest
 * agreed); when none is in force, the one that starts latest; null when there is none.
 */
export async function currentPersonalBudget(db: Queryable, personId: number): Promise<PersonalBudget | null> {
  const { rows } = await db.query<BudgetRow>(
    `SELECT ${budgetColumns} FROM finance.personal_budget WHERE person_id = $1
      ORDER BY (start_date <= current_date AND (end_date IS NULL OR end_date >= current_date)) DESC, start_date DESC, id DESC LIMIT 1`,
    [personId],
  );
  return rows[0] === undefined ? null : budgetOf(rows[0]);
}

export interface DirectPaymentInput { kind: 'payment' | 'surplus_returned'; amountPence: number; date: string; reference: string; idempotencyKey: string }

/**
 * Posts to the person's direct-payment account: a payment in (debit the account, credit the
 * council's bank) or surplus returned to the council (the reverse). Lines carry the person and the
 * funder, the council. A retry with the same key answers the same journal.
 */
export async function postDirectPayment(db: Db, personId: number, input: DirectPaymentInput, by: string): Promise<Journal> {
  const { rows } = await db.query<{ id: string }>('SELECT id::text AS id FROM finance.direct_payment_account WHERE person_id = $1', [personId]);
  const account = rows[0];
  if (account === undefined) throw financeError('no_direct_payment', `Person ${personId} has no direct-payment account.`);
  const problems: { path: string; message: string }[] = [];
  if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) problems.push({ path: '/amountPence', message: 'must be whole pence, more than 0' });
  if (!isIsoDate(input.date)) problems.push({ path: '/date', message: 'must be a date (YYYY-MM-DD)' });
  if (input.reference.trim() === '') problems.push({ path: '/reference', message: 'must say which payment this is' });
  if (problems.length > 0) throw invalid('The direct payment cannot be posted.', problems);
  await ensureAccounts(db, Object.values(directPaymentAccounts));
  const paid = input.kind === 'payment' ? input.amountPence : -input.amountPence;
  const tag = { personId, funder: 'council', memo: input.reference };
  return postJournal(db, {
    idempotencyKey: `direct-payment:${account.id}:${input.idempotencyKey}`,
    date: input.date,
    description: `${input.kind === 'payment' ? 'Direct payment' : 'Direct payment surplus returned'} ${input.reference}`,
    by,
    lines: [{ account: directPaymentAccounts.held.code, amountPence: paid, ...tag }, { account: directPaymentAccounts.bank.code, amountPence: -paid, ...tag }],
  });
}

export interface HealthBudgetInput { kind: HealthBudget['kind']; weeklyPence: number; management: HealthBudget['management']; start: string; end?: string | null }

/** Records an NHS personal health budget for the person: the ICB's money line. */
export async function addHealthBudget(db: Queryable, personId: number, input: HealthBudgetInput, by: string): Promise<HealthBudget> {
  const problems: { path: string; message: string }[] = [];
  if (!Number.isSafeInteger(input.weeklyPence) || input.weeklyPence < 0) problems.push({ path: '/weeklyPence', message: 'must be whole pence a week, 0 or more' });
  if (!isIsoDate(input.start)) problems.push({ path: '/start', message: 'must be a date (YYYY-MM-DD)' });
  if (input.end != null && (!isIsoDate(input.end) || input.end < input.start)) problems.push({ path: '/end', message: 'must be a date on or after the start' });
  if (problems.length > 0) throw invalid('The personal health budget cannot be recorded.', problems);
  const { rows } = await db.query<{ id: string; kind: HealthBudget['kind']; weekly_pence: number; management: HealthBudget['management']; start_date: string; end_date: string | null }>(
    `INSERT INTO finance.health_budget (person_id, kind, weekly_pence, management, start_date, end_date, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING id::text AS id, kind, weekly_pence, management, start_date, end_date`,
    [personId, input.kind, input.weeklyPence, input.management, input.start, input.end ?? null, by],
  );
  const r = rows[0];
  if (r === undefined) throw new Error('the health budget was not stored');
  return { id: r.id, kind: r.kind, weeklyPence: r.weekly_pence, management: r.management, start: r.start_date, end: r.end_date };
}

export interface PersonMoney {
  personId: string;
  personalBudget: PersonalBudget | null;
  directPayment: null | { accountId: string; balancePence: number; lines: { date: string; label: string; amountPence: number; funder: string }[] };
  healthBudgets: HealthBudget[];
  packages: CarePackage[];
  moneyLines: { date: string; label: string; amountPence: number; funder: 'council' | 'icb' | 'person' | 'pooled' }[];
}

const funders = new Set(['council', 'icb', 'person', 'pooled']);

/**
 * A person's money (the caller has checked they may see the person): their personal budget, the
 * direct-payment account (balance: paid in less surplus returned), health budgets, care packages,
 * and every money line of theirs in the ledger — spend on them (positive) and money back (negative) —
 * tagged by funder, newest first.
 */
export async function personMoney(db: Queryable, personId: number): Promise<PersonMoney> {
  const [personalBudget, account, health, packages, lines] = await Promise.all([
    currentPersonalBudget(db, personId),
    db.query<{ id: string }>('SELECT id::text AS id FROM finance.direct_payment_account WHERE person_id = $1', [personId]),
    db.query<{ id: string; kind: HealthBudget['kind']; weekly_pence: number; management: HealthBudget['management']; start_date: string; end_date: string | null }>(
      'SELECT id::text AS id, kind, weekly_pence, management, start_date, end_date FROM finance.health_budget WHERE person_id = $1 ORDER BY start_date DESC, id DESC', [personId]),
    personPackages(db, personId),
    // Of each journal that touches the person, the line on the side of the money spent for them
    // (the debit to spend, or to their direct-payment account): a journal counts once, not twice.
    Promise.all([fundAccounts.spend.code, directPaymentAccounts.held.code].map((code) => postings(db, { personId, accountPrefix: code, limit: 100_000 })))
      .then((found) => found.flat()
        .sort((a, b) => b.date.localeCompare(a.date) || b.sequence - a.sequence)),
  ]);
  const accountId = account.rows[0]?.id;
  const held = lines.filter((l) => l.account === directPaymentAccounts.held.code);
  return {
    personId: String(personId),
    personalBudget,
    directPayment: accountId === undefined ? null : {
      accountId,
      balancePence: held.reduce((a, l) => a + l.amountPence, 0),
      lines: held.map((l) => ({ date: l.date, label: l.description, amountPence: l.amountPence, funder: l.funder ?? 'council' })),
    },
    healthBudgets: health.rows.map((r) => ({ id: r.id, kind: r.kind, weeklyPence: r.weekly_pence, management: r.management, start: r.start_date, end: r.end_date })),
    packages,
    moneyLines: lines.map((l) => ({
      date: l.date, label: l.description, amountPence: l.amountPence,
      funder: (l.funder !== null && funders.has(l.funder) ? l.funder : l.account === directPaymentAccounts.held.code ? 'council' : 'pooled') as PersonMoney['moneyLines'][number]['funder'],
    })),
  };
}
