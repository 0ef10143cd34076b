/**
 * The demo locality's pooled fund (`joinedup demo`, the browser tests): a Better Care Fund for
 * Bayside with the ICB and the council as partners, the four streams, nine schemes named as real
 * BCF plans name theirs, care packages for some of the people given, provider invoices and grant
 * payments posted month by month up to `today`, personal budgets for some people (a few taking a
 * direct payment, paid four-weekly, one returning a surplus) and NHS continuing healthcare budgets.
 * Deterministic from the seed (and `today`): the same call makes the same fund.
 * Amounts scale with the people given, so the fund's shape is plausible for any size of demo:
 * scheme budgets are set near the year's cost of their packages (some over, some under).
 */
import type { Db } from '../platform/index.js';
import { Random } from '../synthetic/index.js';
import { assessedContribution, recordAssessment } from './assessments.js';
import { agreePersonalBudget, addHealthBudget, directPaymentAccounts, indicativeBudget, listRasRuleSets, type DeliveryMechanism } from './budgets.js';
import { chargingRates } from './charging/rates/index.js';
import { addBlockCommitments, addCarePackages, defineFund, fundAccounts, type CarePackageInput, type FundDefinition, type StreamKind } from './fund.js';
import { ensureAccounts, postJournals, type JournalInput, type PostingLine } from './ledger.js';

export interface DemoFundSummary {
  fundId: string;
  schemes: number;
  packages: number;
  journals: number;
  personalBudgets: number;
  directPayments: number;
  healthBudgets: number;
}

interface SchemePlan {
  key: string;
  name: string;
  funding: { stream: StreamKind; share: number }[];
  /** Packages: share of the packages, weekly cost range in pounds, length in weeks (null: long-term). */
  packages?: { share: number; weekly: [number, number]; weeks: [number, number] | null };
  /** A scheme without packages: pounds a year per person in the demo. */
  perPerson?: number;
}

// Scheme names and the streams funding them follow the shape of 2025-26 BCF plans (BCF planning
// requirements 2025-26; NHS minimum contribution funds carers' breaks and reablement, the DFG only
// adaptations, discharge funding short-term care after hospital).
const schemes: readonly SchemePlan[] = [
  { key: 'reablement', name: 'Reablement and rehabilitation at home', funding: [{ stream: 'nhs_minimum', share: 1 }], packages: { share: 0.3, weekly: [320, 620], weeks: [3, 6] } },
  { key: 'discharge-to-assess', name: 'Discharge to assess (pathways 1 and 2)', funding: [{ stream: 'discharge', share: 1 }], packages: { share: 0.2, weekly: [650, 1400], weeks: [2, 6] } },
  { key: 'intermediate-care-beds', name: 'Intermediate care beds: step up, step down', funding: [{ stream: 'discharge', share: 0.5 }, { stream: 'nhs_minimum', share: 0.5 }], packages: { share: 0.1, weekly: [900, 1350], weeks: [2, 5] } },
  { key: 'home-care', name: 'Home care for people with complex needs', funding: [{ stream: 'la_better_care_grant', share: 0.6 }, { stream: 'nhs_minimum', share: 0.4 }], packages: { share: 0.3, weekly: [180, 720], weeks: null } },
  { key: 'care-home-placements', name: 'Care home placements after a hospital stay', funding: [{ stream: 'la_better_care_grant', share: 1 }], packages: { share: 0.1, weekly: [850, 1250], weeks: null } },
  { key: 'dfg-adaptations', name: 'Disabled Facilities Grant: home adaptations', funding: [{ stream: 'dfg', share: 1 }], perPerson: 30 },
  { key: 'equipment', name: 'Community equipment and assistive technology', funding: [{ stream: 'nhs_minimum', share: 1 }], perPerson: 18 },
  { key: 'carers', name: 'Carers\' support and short breaks', funding: [{ stream: 'nhs_minimum', share: 1 }], perPerson: 9 },
  { key: 'neighbourhood-teams', name: 'Integrated neighbourhood teams and care coordination', funding: [{ stream: 'nhs_minimum', share: 0.7 }, { stream: 'la_better_care_grant', share: 0.3 }], perPerson: 40 },
];

const streamNames: Record<Exclude<StreamKind, 'additional'>, { name: string; partner: 'icb' | 'council' }> = {
  nhs_minimum: { name: 'NHS minimum contribution', partner: 'icb' },
  discharge: { name: 'Discharge funding', partner: 'icb' },
  dfg: { name: 'Disabled Facilities Grant', partner: 'council' },
  la_better_care_grant: { name: 'Local Authority Better Care Grant', partner: 'council' },
};

const day = 86_400_000;
const toTime = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const toDate = (time: number): string => new Date(time).toISOString().slice(0, 10);
const addDays = (date: string, n: number): string => toDate(toTime(date) + n * day);
const daysBetween = (from: string, to: string): number => Math.round((toTime(to) - toTime(from)) / day) + 1;
/** Whole days × weekly ÷ 7, to the penny, half up (as the position counts commitments). */
const costOf = (days: number, weeklyPence: number): number => Math.floor((Math.max(0, days) * weeklyPence * 2 + 7) / 14);
const roundTo = (pence: number, step: number): number => Math.max(step, Math.round(pence / step) * step);

/** Months of the fund (first day, last day) that ended before `today`. */
function monthsBefore(start: string, end: string, today: string): { first: string; last: string }[] {
  const months: { first: string; last: string }[] = [];
  for (let first = start; first <= end; ) {
    const d = new Date(toTime(first));
    const last = toDate(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    if (last >= today) break;
    months.push({ first, last: last > end ? end : last });
    first = addDays(last, 1);
  }
  return months;
}

/** The financial year (1 April to 31 March) a date falls in, e.g. "2026-27". */
export function financialYearOn(date: string): string {
  const year = Number(date.slice(0, 4)) - (date.slice(5) < '04-01' ? 1 : 0);
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
}

/**
 * Seeds the demo pooled fund for `financialYear` (e.g. "2026-27", 1 April to 31 March) over the
 * people given. Returns what it made; does nothing (and says so, with zeros) when the fund is there.
 */
export async function seedDemoFund(
  db: Db,
  options: { personIds: readonly number[]; financialYear: string; by: string; seed?: number; today?: string; featured?: readonly number[] },
): Promise<DemoFundSummary> {
  const seed = options.seed ?? 1;
  const random = Random.stream(seed, 'finance-demo', options.financialYear);
  const year = Number(options.financialYear.slice(0, 4));
  const fundId = `bcf-${options.financialYear}`;
  const start = `${year}-04-01`;
  const end = `${year + 1}-03-31`;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const none = { fundId, schemes: 0, packages: 0, journals: 0, personalBudgets: 0, directPayments: 0, healthBudgets: 0 };
  const { rows: held } = await db.query('SELECT 1 FROM finance.fund WHERE id = $1', [fundId]);
  if (held.length > 0 || options.personIds.length === 0) return none;

  // Who gets a package: everyone in a small demo, 4% of a big one (at most 2,000 packages).
  const people = [...options.personIds];
  for (let i = people.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [people[i], people[j]] = [people[j] as number, people[i] as number];
  }
  // People to show off (the demo's own "person"): first, in long-term home care, with a personal budget taken as a direct payment.
  const featured = (options.featured ?? []).filter((id) => people.includes(id));
  people.sort((a, b) => Number(featured.includes(b)) - Number(featured.includes(a)));
  const count = people.length <= 200 ? people.length : Math.min(2000, Math.max(200, Math.round(people.length * 0.04)));
  const packageSchemes = schemes.filter((s) => s.packages !== undefined);
  const cumulative = packageSchemes.reduce<number[]>((acc, s) => [...acc, (acc.at(-1) ?? 0) + (s.packages?.share ?? 0)], []);
  const packages: (CarePackageInput & { key: string })[] = people.slice(0, count).map((personId) => {
    const x = random.float() * (cumulative.at(-1) ?? 1);
    const plan = featured.includes(personId) ? packageSchemes.find((s) => s.key === 'home-care') : packageSchemes[cumulative.findIndex((c) => x < c)] ?? packageSchemes[0];
    const p = plan?.packages;
    if (plan === undefined || p === undefined) throw new Error('every package scheme has packages');
    const weeklyCostPence = random.int(p.weekly[0], p.weekly[1]) * 100 + (random.chance(0.5) ? 50 : 0);
    // Long-term care may have begun before the year; short-term care starts within it.
    const begin = featured.includes(personId) ? addDays(start, -100) : p.weeks === null ? addDays(start, random.int(-200, 330)) : addDays(start, random.int(0, 350));
    const finish = featured.includes(personId) ? null : p.weeks === null ? (random.chance(0.25) ? addDays(begin, random.int(60, 300)) : null) : addDays(begin, random.int(p.weeks[0], p.weeks[1]) * 7 - 1);
    return { key: plan.key, personId, schemeId: `${fundId}-${plan.key}`, weeklyCostPence, start: begin, end: finish, funder: 'pooled' };
  });

  // Personal budgets for people in long-term home care (up to 30), a third taking a direct payment.
  // Those moved from commissioned care to a direct payment some weeks in: their package (the pool's)
  // ends the day before, and the council pays them the direct payment instead.
  const budgetPeople = packages.filter((p) => p.key === 'home-care').slice(0, 30).map((p, i) => {
    const mechanism: DeliveryMechanism = featured.includes(p.personId) || i % 3 === 0 ? 'direct_payment' : i % 3 === 1 ? 'commissioned' : 'managed';
    let budgetStart = p.start > start ? p.start : start;
    if (mechanism === 'direct_payment') {
      budgetStart = addDays(budgetStart, random.int(28, 120));
      if (budgetStart > end) budgetStart = end;
      if (p.end == null || p.end >= budgetStart) p.end = addDays(budgetStart, -1);
    }
    return { ...p, mechanism, budgetStart };
  });

  // Budgets near the year's cost of each scheme's packages (between 8% under and 10% over), to the £1,000.
  const inYear = (p: CarePackageInput): number => costOf(daysBetween(p.start > start ? p.start : start, p.end != null && p.end < end ? p.end : end), p.weeklyCostPence);
  const budgets = new Map(schemes.map((s) => {
    const cost = s.packages !== undefined ? packages.filter((p) => p.key === s.key).reduce((a, p) => a + inYear(p), 0) : (s.perPerson ?? 0) * 100 * options.personIds.length;
    return [s.key, roundTo(cost * (0.92 + random.float() * 0.18), 100_000)];
  }));
  const streamTotals = new Map<StreamKind, number>();
  const definedSchemes = schemes.map((s) => {
    const budget = budgets.get(s.key) ?? 0;
    let left = budget;
    const funding = s.funding.map((f, i) => {
      const amount = i === s.funding.length - 1 ? left : Math.round(budget * f.share);
      left -= amount;
      streamTotals.set(f.stream, (streamTotals.get(f.stream) ?? 0) + amount);
      return { streamId: `${fundId}-${f.stream.replace(/_/g, '-')}`, amountPence: amount };
    });
    return { id: `${fundId}-${s.key}`, name: s.name, funding };
  });
  const total = [...budgets.values()].reduce((a, b) => a + b, 0);
  const partner = { icb: `${fundId}-icb`, council: `${fundId}-council` };
  const definition: FundDefinition = {
    id: fundId, name: `Bayside Better Care Fund ${options.financialYear}`, financialYear: options.financialYear, startDate: start, endDate: end, hostPartnerId: partner.council,
    partners: [{ id: partner.icb, name: 'NHS Bayside Integrated Care Board', kind: 'icb' }, { id: partner.council, name: 'Bayside Council', kind: 'council' }],
    streams: (Object.entries(streamNames) as [Exclude<StreamKind, 'additional'>, { name: string; partner: 'icb' | 'council' }][]).map(([kind, s]) => ({
      id: `${fundId}-${kind.replace(/_/g, '-')}`, name: s.name, partnerId: partner[s.partner], kind, amountPence: streamTotals.get(kind) ?? 0,
    })),
    schemes: definedSchemes,
    // The section 75 agreement: overspend shared in proportion to contributions up to 1% of the pool, then the host.
    riskShare: {
      effectiveFrom: start, rule: { kind: 'proportional_capped', capPence: roundTo(total * 0.01, 1_000_000), host: partner.council },
      description: 'Section 75 agreement, schedule 3: an overspend is shared in proportion to contributions up to the cap, then carried by the council as host; an underspend is returned in proportion to contributions.',
    },
  };
  await defineFund(db, definition, options.by);
  await addCarePackages(db, fundId, packages.map(({ key: _key, ...p }) => p), options.by);

  // Schemes without packages run as block contracts and grant schedules for the year, at between
  // 5% under and 8% over their budget.
  const yearDays = daysBetween(start, end);
  const blocks = schemes.filter((s) => s.packages === undefined).map((s) => ({
    key: s.key, schemeId: `${fundId}-${s.key}`, start, end, description: `${s.name}: block contract ${options.financialYear}`,
    weeklyCostPence: Math.round((((budgets.get(s.key) ?? 0) * (0.95 + random.float() * 0.13)) / yearDays) * 7),
  }));
  await addBlockCommitments(db, fundId, blocks.map(({ key: _key, ...b }) => b), options.by);

  // Month by month to today: each package scheme's provider invoice, a line per person cared for in
  // the month, and each block contract's payment for the month; then, for the month under way, an
  // accrual of the care delivered to today but not yet invoiced.
  const journals: JournalInput[] = [];
  const within = (p: { start: string; end?: string | null }, first: string, last: string): number => {
    const from = p.start > first ? p.start : first;
    const to = p.end != null && p.end < last ? p.end : last;
    return daysBetween(from, to);
  };
  const current = today >= start && today <= end ? [{ first: `${today.slice(0, 7)}-01` < start ? start : `${today.slice(0, 7)}-01`, last: today, accrual: true }] : [];
  for (const month of [...monthsBefore(start, end, today).map((m) => ({ ...m, accrual: false })), ...current]) {
    for (const s of schemes) {
      const schemeId = `${fundId}-${s.key}`;
      const lines: PostingLine[] = [];
      const period = `${month.first} to ${month.last}`;
      if (s.packages !== undefined) {
        for (const p of packages.filter((x) => x.key === s.key)) {
          const pence = costOf(within(p, month.first, month.last), p.weeklyCostPence);
          if (pence > 0) lines.push({ account: fundAccounts.spend.code, amountPence: pence, schemeId, personId: p.personId, funder: 'pooled', memo: `care ${period}` });
        }
      } else {
        for (const b of blocks.filter((x) => x.key === s.key)) {
          const pence = costOf(within(b, month.first, month.last), b.weeklyCostPence);
          if (pence > 0) lines.push({ account: fundAccounts.spend.code, amountPence: pence, schemeId, funder: 'pooled', memo: `block contract ${period}` });
        }
      }
      const owed = lines.reduce((a, l) => a + l.amountPence, 0);
      if (owed === 0) continue;
      const invoice = s.packages !== undefined;
      const against = month.accrual ? fundAccounts.accruals.code : invoice ? fundAccounts.creditors.code : fundAccounts.bank.code;
      lines.push({ account: against, amountPence: -owed, schemeId, funder: 'pooled' });
      journals.push({
        idempotencyKey: `demo:${schemeId}:${month.first.slice(0, 7)}${month.accrual ? ':accrual' : ''}`, date: month.last, by: options.by, lines,
        description: `${month.accrual ? 'Accrual, delivered not yet invoiced' : invoice ? 'Provider invoice' : 'Block contract payment'} ${month.first.slice(0, 7)}: ${s.name}`,
      });
    }
  }

  const ruleSet = (await listRasRuleSets(db)).find((r) => r.effectiveFrom <= start);
  // Each person's contribution comes from a financial assessment stored for them, made by the charging
  // engine on a drawn pension-age situation (State Pension, sometimes a private pension and Attendance
  // Allowance, savings from nothing to just under the upper limit, council tax), in the latest year
  // whose figures it holds.
  const figures = [...chargingRates].reverse().find((r) => r.financialYear <= options.financialYear) ?? chargingRates[chargingRates.length - 1];
  // The featured person lives on the State Pension alone, so the council pays their budget.
  const assess = async (personId: number, weeklyCostPence: number): Promise<void> => {
    const modest = featured.includes(personId);
    const income = [{ type: 'state_pension', amount_pence: random.int(17_000, 23_000), period: 'weekly' }];
    const dre: { label: string; amount_pence: number; period: string }[] = [];
    if (!modest && random.chance(0.4)) income.push({ type: 'private_pension', amount_pence: random.int(100, 800) * 100, period: 'monthly' });
    if (!modest && figures !== undefined && random.chance(0.5)) {
      const higher = random.chance(0.5);
      // Disability benefits counted, so the disability-related expenditure they pay for is allowed (Annex C).
      dre.push({ label: 'Community alarm', amount_pence: 480, period: 'weekly' }, { label: 'Extra laundry', amount_pence: random.int(300, 900), period: 'weekly' });
      income.push({ type: `attendance_allowance_${higher ? 'higher' : 'lower'}`, amount_pence: higher ? figures.benefits.attendanceAllowanceHigherPence : figures.benefits.attendanceAllowanceLowerPence, period: 'weekly' });
    }
    const document = {
      setting: 'non_residential', financial_year: figures?.financialYear, person: { age: random.int(67, 94), pension_credit_age: true },
      capital_pence: modest || random.chance(0.6) ? random.int(0, 1_400_000) : random.int(1_425_000, 2_300_000), dre,
      income, housing_costs: [{ label: 'Council Tax', amount_pence: random.int(1_800, 3_200), period: 'weekly' }], weekly_cost_pence: weeklyCostPence,
    };
    await recordAssessment(db, { personId, document, assessedBy: options.by });
  };
  let directPayments = 0;
  let mostPaid: { personId: number; paid: number; last: string } | undefined;
  for (const p of budgetPeople) {
    if (ruleSet === undefined) break;
    const needs = Object.fromEntries(ruleSet.rules.domains.map((d) => [d.id, d.levels[random.int(0, d.levels.length - 1)]?.level ?? 'none']));
    const { mechanism, budgetStart } = p;
    // Agreed near the indicative amount (10% under to 15% over, to the pound), as planning moves it to meet the needs.
    const indicative = indicativeBudget(ruleSet.rules, needs).weeklyPence;
    const agreedWeeklyPence = Math.max(2_000, Math.round((indicative * (0.9 + random.float() * 0.25)) / 100) * 100);
    await assess(p.personId, agreedWeeklyPence);
    const budget = await agreePersonalBudget(db, p.personId, { needs, deliveryMechanism: mechanism, start: budgetStart, agreedWeeklyPence }, options.by, assessedContribution);
    if (mechanism !== 'direct_payment' || budget.councilWeeklyPence === 0) continue;
    directPayments++;
    // Four-weekly in advance, from the budget's start to today.
    let paid = 0;
    let last = budgetStart;
    for (let n = 0, date = budgetStart; date < today && date <= end; n++, date = addDays(date, 28)) {
      const tag = { personId: p.personId, funder: 'council', memo: `DP-${p.personId}-${n + 1}` };
      journals.push({
        idempotencyKey: `demo:direct-payment:${p.personId}:${n + 1}`, date, by: options.by, description: `Direct payment DP-${p.personId}-${n + 1}`,
        lines: [{ account: directPaymentAccounts.held.code, amountPence: budget.councilWeeklyPence * 4, ...tag }, { account: directPaymentAccounts.bank.code, amountPence: -budget.councilWeeklyPence * 4, ...tag }],
      });
      paid += budget.councilWeeklyPence * 4;
      last = date;
    }
    if (paid > (mostPaid?.paid ?? 0)) mostPaid = { personId: p.personId, paid, last };
  }
  // The person paid the most returns a surplus of 8% (unspent money the council asks back at review).
  if (mostPaid !== undefined) {
    const surplus = roundTo(mostPaid.paid * 0.08, 100);
    const back = { personId: mostPaid.personId, funder: 'council', memo: `DP-${mostPaid.personId}-surplus` };
    journals.push({
      idempotencyKey: `demo:direct-payment:${mostPaid.personId}:surplus`, date: mostPaid.last, by: options.by, description: `Direct payment surplus returned DP-${mostPaid.personId}-surplus`,
      lines: [{ account: directPaymentAccounts.held.code, amountPence: -surplus, ...back }, { account: directPaymentAccounts.bank.code, amountPence: surplus, ...back }],
    });
  }

  // NHS continuing healthcare for people in care home placements (at most three), the ICB's money.
  const chc = packages.filter((p) => p.key === 'care-home-placements').slice(0, 3);
  for (const [i, p] of chc.entries()) {
    await addHealthBudget(db, p.personId, { kind: 'chc', weeklyPence: random.int(1100, 2100) * 100, management: i === 0 ? 'direct_payment' : 'notional', start: p.start > start ? p.start : start, end: null }, options.by);
  }
  await ensureAccounts(db, [...Object.values(directPaymentAccounts), ...Object.values(fundAccounts)]);
  await postJournals(db, journals);
  await db.exec('ANALYZE finance.journal, finance.journal_line');
  return { fundId, schemes: schemes.length, packages: packages.length, journals: journals.length, personalBudgets: budgetPeople.length, directPayments, healthBudgets: chc.length };
}
