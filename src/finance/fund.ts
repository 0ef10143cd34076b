/**
 * The pooled fund (Better Care Fund, section 75 NHS Act 2006 agreement; DOMAIN.md §2.1): partners,
 * funding streams, schemes with budgets, care packages committed against the schemes, actuals posted
 * to the ledger, and the fund's position at any date — budget, committed, actual, forecast and
 * variance by scheme and by partner — with the risk share the agreement in force then gives.
 */
import type { Db, PersonScope, Queryable } from '../platform/index.js';
import { sourcePriority } from '../people/index.js';
import { financeError } from './errors.js';
import { ensureAccounts, isIsoDate, postJournal, type Account, type Journal } from './ledger.js';
import { agreementOn, apportion, parseRiskShareRule, RiskShareRuleError, shareRisk, type RiskShare, type RiskShareRule } from './risk-share.js';

/**
 * The ledger accounts the fund posts to. Spend on the schemes is expense bcf:spend (and any account
 * under it, e.g. bcf:spend:home-care), each line tagged by scheme (and person).
 */
export const fundAccounts = {
  bank: { code: 'bcf:bank', name: 'Pooled fund bank account', kind: 'asset' },
  creditors: { code: 'bcf:creditors', name: 'Pooled fund creditors: invoices to pay', kind: 'liability' },
  accruals: { code: 'bcf:accruals', name: 'Pooled fund accruals: care delivered, not yet invoiced', kind: 'liability' },
  spend: { code: 'bcf:spend', name: 'Pooled fund spend on schemes', kind: 'expense' },
} as const satisfies Record<string, Account>;

export type Funder = 'council' | 'icb' | 'pooled' | 'person';
export type StreamKind = 'nhs_minimum' | 'dfg' | 'la_better_care_grant' | 'discharge' | 'additional';

export interface Fund {
  id: string;
  name: string;
  financialYear: string;
  startDate: string;
  endDate: string;
  hostPartnerId: string | null;
}

export interface FundDefinition extends Fund {
  partners: { id: string; name: string; kind: 'icb' | 'council' }[];
  streams: { id: string; name: string; partnerId: string; kind: StreamKind; amountPence: number }[];
  /** Each scheme's budget, by the streams that fund it. */
  schemes: { id: string; name: string; funding: { streamId: string; amountPence: number }[] }[];
  riskShare?: { effectiveFrom: string; rule: RiskShareRule; description: string };
}

export interface CarePackageInput {
  personId: number;
  schemeId: string;
  weeklyCostPence: number;
  start: string;
  end?: string | null;
  funder?: Funder;
  description?: string | null;
}

export interface CarePackage {
  id: string;
  personId: string;
  schemeId: string;
  fundId: string;
  weeklyCostPence: number;
  start: string;
  end: string | null;
  funder: Funder;
}

const isPence = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

const invalid = (detail: string, problems: { path: string; message: string }[], where = 'body') =>
  financeError('finance_input_invalid', detail, problems.map((p) => ({ where, ...p })));

/** Records a pooled fund with its partners, streams, schemes and (optionally) its risk-share agreement, in one transaction. */
export async function defineFund(db: Db, fund: FundDefinition, by: string): Promise<Fund> {
  const problems: { path: string; message: string }[] = [];
  if (!isIsoDate(fund.startDate)) problems.push({ path: '/startDate', message: 'must be a date (YYYY-MM-DD)' });
  if (!isIsoDate(fund.endDate) || fund.endDate < fund.startDate) problems.push({ path: '/endDate', message: 'must be a date on or after the start' });
  const partnerIds = new Set(fund.partners.map((p) => p.id));
  if (fund.hostPartnerId !== null && !partnerIds.has(fund.hostPartnerId)) problems.push({ path: '/hostPartnerId', message: 'must be one of the partners' });
  fund.streams.forEach((s, i) => {
    if (!partnerIds.has(s.partnerId)) problems.push({ path: `/streams/${i}/partnerId`, message: 'must be one of the partners' });
    if (!isPence(s.amountPence)) problems.push({ path: `/streams/${i}/amountPence`, message: 'must be whole pence, 0 or more' });
  });
  const streamIds = new Set(fund.streams.map((s) => s.id));
  fund.schemes.forEach((s, i) => { s.funding.forEach((f, j) => {
    if (!streamIds.has(f.streamId)) problems.push({ path: `/schemes/${i}/funding/${j}/streamId`, message: 'must be one of the streams' });
    if (!isPence(f.amountPence)) problems.push({ path: `/schemes/${i}/funding/${j}/amountPence`, message: 'must be whole pence, 0 or more' });
  }); });
  if (fund.riskShare !== undefined) {
    try {
      parseRiskShareRule(fund.riskShare.rule);
    } catch (error) {
      if (!(error instanceof RiskShareRuleError)) throw error;
      problems.push({ path: '/riskShare/rule', message: error.message });
    }
  }
  if (problems.length > 0) throw invalid(`The fund ${fund.id} cannot be recorded.`, problems);
  if ((await db.query('SELECT 1 FROM finance.fund WHERE id = $1', [fund.id])).rows.length > 0) throw financeError('fund_exists', `There is already a pooled fund "${fund.id}".`);
  await ensureAccounts(db, Object.values(fundAccounts));
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO finance.fund (id, name, financial_year, start_date, end_date, host_partner_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [fund.id, fund.name, fund.financialYear, fund.startDate, fund.endDate, fund.hostPartnerId, by],
    );
    for (const [i, p] of fund.partners.entries()) {
      await tx.query('INSERT INTO finance.fund_partner (id, fund_id, name, kind, ordinal) VALUES ($1, $2, $3, $4, $5)', [p.id, fund.id, p.name, p.kind, i]);
    }
    for (const [i, s] of fund.streams.entries()) {
      await tx.query('INSERT INTO finance.fund_stream (id, fund_id, partner_id, name, kind, amount_pence, ordinal) VALUES ($1, $2, $3, $4, $5, $6, $7)', [s.id, fund.id, s.partnerId, s.name, s.kind, s.amountPence, i]);
    }
    for (const [i, s] of fund.schemes.entries()) {
      await tx.query('INSERT INTO finance.fund_scheme (id, fund_id, name, ordinal) VALUES ($1, $2, $3, $4)', [s.id, fund.id, s.name, i]);
      for (const f of s.funding) await tx.query('INSERT INTO finance.scheme_funding (scheme_id, stream_id, amount_pence) VALUES ($1, $2, $3)', [s.id, f.streamId, f.amountPence]);
    }
    if (fund.riskShare !== undefined) await recordRiskShare(tx, fund.id, fund.riskShare, by);
  });
  return { id: fund.id, name: fund.name, financialYear: fund.financialYear, startDate: fund.startDate, endDate: fund.endDate, hostPartnerId: fund.hostPartnerId };
}

/** Records a risk-share agreement (or a variation of it) taking effect on a date. */
export async function recordRiskShare(db: Queryable, fundId: string, agreement: { effectiveFrom: string; rule: RiskShareRule; description: string }, by: string): Promise<void> {
  await db.query(
    `INSERT INTO finance.risk_share_agreement (fund_id, effective_from, rule, description, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (fund_id, effective_from) DO UPDATE SET rule = excluded.rule, description = excluded.description, created_by = excluded.created_by, created_at = now()`,
    [fundId, agreement.effectiveFrom, JSON.stringify(parseRiskShareRule(agreement.rule)), agreement.description, by],
  );
}

interface FundRow { id: string; name: string; financial_year: string; start_date: string; end_date: string; host_partner_id: string | null }
const fundOf = (r: FundRow): Fund => ({ id: r.id, name: r.name, financialYear: r.financial_year, startDate: r.start_date, endDate: r.end_date, hostPartnerId: r.host_partner_id });

/** The pooled funds, newest year first. */
export async function listFunds(db: Queryable): Promise<Fund[]> {
  const { rows } = await db.query<FundRow>('SELECT id, name, financial_year, start_date, end_date, host_partner_id FROM finance.fund ORDER BY start_date DESC, id');
  return rows.map(fundOf);
}

/** One fund, or fund_not_found. */
export async function getFund(db: Queryable, fundId: string): Promise<Fund> {
  const { rows } = await db.query<FundRow>('SELECT id, name, financial_year, start_date, end_date, host_partner_id FROM finance.fund WHERE id = $1', [fundId]);
  const row = rows[0];
  if (row === undefined) throw financeError('fund_not_found', `There is no pooled fund "${fundId}".`);
  return fundOf(row);
}

/** What is wrong with a care package for a fund whose schemes are `schemes`, each problem's path under `at`. */
function packageProblems(p: CarePackageInput, schemes: ReadonlySet<string>, at: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!schemes.has(p.schemeId)) problems.push({ path: `${at}/schemeId`, message: `must be one of the fund's schemes (${[...schemes].join(', ')})` });
  if (!isPence(p.weeklyCostPence)) problems.push({ path: `${at}/weeklyCostPence`, message: 'must be whole pence, 0 or more' });
  if (!isIsoDate(p.start)) problems.push({ path: `${at}/start`, message: 'must be a date (YYYY-MM-DD)' });
  if (p.end != null && (!isIsoDate(p.end) || p.end < p.start)) problems.push({ path: `${at}/end`, message: 'must be a date on or after the start' });
  if (!Number.isSafeInteger(p.personId) || p.personId <= 0) problems.push({ path: `${at}/personId`, message: 'must be a person id' });
  return problems;
}

async function schemesOf(db: Queryable, fundId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM finance.fund_scheme WHERE fund_id = $1', [fundId]);
  if (rows.length === 0) await getFund(db, fundId);
  return new Set(rows.map((s) => s.id));
}

/** Charges care packages to the fund's schemes (their commitments), in one statement. */
export async function addCarePackages(db: Queryable, fundId: string, packages: readonly CarePackageInput[], by: string): Promise<string[]> {
  const known = await schemesOf(db, fundId);
  const problems = packages.flatMap((p, i) => packageProblems(p, known, `/${i}`));
  if (problems.length > 0) throw invalid(`${problems.length} problem(s) with the care packages; none was added.`, problems.slice(0, 50), 'packages');
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO finance.care_package (person_id, fund_id, scheme_id, weekly_cost_pence, start_date, end_date, funder, description, created_by)
     SELECT p, $1, s, w, st, en, f, d, $2
       FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::date[], $7::date[], $8::text[], $9::text[]) AS v(p, s, w, st, en, f, d)
     RETURNING id::text AS id`,
    [fundId, by, packages.map((p) => p.personId), packages.map((p) => p.schemeId), packages.map((p) => p.weeklyCostPence), packages.map((p) => p.start),
      packages.map((p) => p.end ?? null), packages.map((p) => p.funder ?? 'pooled'), packages.map((p) => p.description ?? null)],
  );
  // After a bulk load the planner needs fresh statistics to aggregate the packages by hashing (the
  // embedded database has no autovacuum to take them), as `joinedup import` does for the record.
  if (packages.length >= 1000) await db.exec('ANALYZE finance.care_package');
  return rows.map((r) => r.id);
}

/**
 * Arranges one person's care package on a scheme of the fund (its commitment from the start date),
 * as a social worker does when the care is agreed; problems are named by the body's paths.
 */
export async function arrangeCarePackage(db: Queryable, fundId: string, input: CarePackageInput, by: string): Promise<CarePackage> {
  const problems = packageProblems(input, await schemesOf(db, fundId), '');
  if (problems.length > 0) throw invalid('The care package cannot be arranged.', problems);
  const [id] = await addCarePackages(db, fundId, [input], by);
  const found = id === undefined ? null : await carePackage(db, id);
  if (found === null) throw new Error('The care package was not stored');
  return found;
}

/** One care package, or null. */
export async function carePackage(db: Queryable, id: string): Promise<CarePackage | null> {
  if (!/^[0-9]{1,18}$/.test(id)) return null;
  const { rows } = await db.query<PackageRow>(`SELECT ${packageColumns} FROM finance.care_package cp WHERE cp.id = $1`, [id]);
  return rows[0] === undefined ? null : packageOf(rows[0]);
}

/**
 * Ends a care package on a date (its last day of care): its commitment stops there. The end may be
 * moved, but never before the package's start.
 */
export async function endCarePackage(db: Queryable, id: string, end: string): Promise<CarePackage> {
  const found = await carePackage(db, id);
  if (found === null) throw financeError('package_not_found', `There is no care package ${id}.`);
  if (!isIsoDate(end) || end < found.start) throw invalid('The care package cannot be ended then.', [{ path: '/end', message: `must be a date on or after the package's start (${found.start})` }]);
  await db.query('UPDATE finance.care_package SET end_date = $2 WHERE id = $1', [id, end]);
  return { ...found, end };
}

export interface BlockCommitmentInput {
  schemeId: string;
  weeklyCostPence: number;
  start: string;
  end?: string | null;
  description: string;
}

/** Commits money to a scheme that is not one person's care: a block contract or a grant schedule. */
export async function addBlockCommitments(db: Queryable, fundId: string, commitments: readonly BlockCommitmentInput[], by: string): Promise<void> {
  const { rows: schemes } = await db.query<{ id: string }>('SELECT id FROM finance.fund_scheme WHERE fund_id = $1', [fundId]);
  if (schemes.length === 0) await getFund(db, fundId);
  const known = new Set(schemes.map((s) => s.id));
  const problems: { path: string; message: string }[] = [];
  commitments.forEach((c, i) => {
    if (!known.has(c.schemeId)) problems.push({ path: `/${i}/schemeId`, message: 'must be one of the fund\'s schemes' });
    if (!isPence(c.weeklyCostPence)) problems.push({ path: `/${i}/weeklyCostPence`, message: 'must be whole pence, 0 or more' });
    if (!isIsoDate(c.start)) problems.push({ path: `/${i}/start`, message: 'must be a date (YYYY-MM-DD)' });
    if (c.end != null && (!isIsoDate(c.end) || c.end < c.start)) problems.push({ path: `/${i}/end`, message: 'must be a date on or after the start' });
    if (c.description.trim() === '') problems.push({ path: `/${i}/description`, message: 'must say what the commitment is' });
  });
  if (problems.length > 0) throw invalid(`${problems.length} problem(s) with the commitments; none was added.`, problems.slice(0, 50), 'commitments');
  await db.query(
    `INSERT INTO finance.block_commitment (fund_id, scheme_id, weekly_cost_pence, start_date, end_date, description, created_by)
     SELECT $1, s, w, st, en, d, $2 FROM unnest($3::text[], $4::bigint[], $5::date[], $6::date[], $7::text[]) AS v(s, w, st, en, d)`,
    [fundId, by, commitments.map((c) => c.schemeId), commitments.map((c) => c.weeklyCostPence), commitments.map((c) => c.start), commitments.map((c) => c.end ?? null), commitments.map((c) => c.description)],
  );
}

export interface FundPosition {
  fund: Fund;
  asOf: string;
  partners: { id: string; name: string; kind: 'icb' | 'council'; contributionPence: number; actualPence: number; forecastPence: number; variancePence: number }[];
  streams: { id: string; name: string; partnerId: string; amountPence: number }[];
  schemes: { id: string; name: string; streamId: string | null; budgetPence: number; committedPence: number; actualPence: number; forecastPence: number; variancePence: number; packages: number }[];
  totals: { budgetPence: number; committedPence: number; actualPence: number; forecastPence: number; variancePence: number };
  riskShare: RiskShare;
}

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The fund's position on `asOf`. Committed: each package's (and block commitment's) cost from the
 * day after asOf (or its start, or the fund's start, if later) to its end (or the fund's end, if sooner or open-ended), whole days inclusive ×
 * weekly cost ÷ 7, rounded to the penny half up per package — (days × weekly × 2 + 7) div 14 in
 * integers, so no float ever touches money. Actual: spend posted to the ledger dated on or before
 * asOf — invoices, payments, and accruals for care delivered but not yet invoiced (debit spend,
 * credit bcf:accruals; reversed when the invoice comes), so the part month before asOf is counted. Forecast = actual + committed; variance = forecast − budget (positive an overspend). A
 * partner's figures are each scheme's split in proportion to the scheme's funding from that
 * partner's streams (largest remainder, so partners add up to the scheme to the penny).
 */
export async function fundPosition(db: Queryable, fundId: string, asOf: string): Promise<FundPosition> {
  if (!isIsoDate(asOf)) throw invalid('asOf must be a date.', [{ path: 'asOf', message: 'must be a date (YYYY-MM-DD)' }], 'query');
  const fund = await getFund(db, fundId);
  const [partners, streams, schemes, funding, agreements, commitments] = await Promise.all([
    db.query<{ id: string; name: string; kind: 'icb' | 'council' }>('SELECT id, name, kind FROM finance.fund_partner WHERE fund_id = $1 ORDER BY ordinal, id', [fundId]),
    db.query<{ id: string; name: string; partner_id: string; amount_pence: number }>('SELECT id, name, partner_id, amount_pence FROM finance.fund_stream WHERE fund_id = $1 ORDER BY ordinal, id', [fundId]),
    db.query<{ id: string; name: string }>('SELECT id, name FROM finance.fund_scheme WHERE fund_id = $1 ORDER BY ordinal, id', [fundId]),
    db.query<{ scheme_id: string; stream_id: string; amount_pence: number }>(
      `SELECT f.scheme_id, f.stream_id, f.amount_pence FROM finance.scheme_funding f JOIN finance.fund_scheme s ON s.id = f.scheme_id
        WHERE s.fund_id = $1 ORDER BY f.amount_pence DESC, f.stream_id`, [fundId]),
    db.query<{ effective_from: string; rule: RiskShareRule; description: string }>('SELECT effective_from, rule, description FROM finance.risk_share_agreement WHERE fund_id = $1', [fundId]),
    // One pass over the fund's packages (and block commitments): what each scheme has still to pay from asOf to the fund's end.
    db.query<{ scheme_id: string; live: number; committed: number }>(
      `SELECT scheme_id, sum(live)::int AS live,
              coalesce(sum((greatest(0, least(coalesce(end_date, $4::date), $4::date) - greatest(start_date, $3::date) + 1)::bigint * weekly_cost_pence * 2 + 7) / 14), 0)::bigint AS committed
         FROM (SELECT scheme_id, start_date, end_date, weekly_cost_pence, (start_date <= $2::date AND (end_date IS NULL OR end_date >= $2::date))::int AS live
                 FROM finance.care_package WHERE fund_id = $1
               UNION ALL
               SELECT scheme_id, start_date, end_date, weekly_cost_pence, 0 FROM finance.block_commitment WHERE fund_id = $1) c
        GROUP BY scheme_id`,
      [fundId, asOf, addDays(asOf, 1) > fund.startDate ? addDays(asOf, 1) : fund.startDate, fund.endDate]),
  ]);
  // Actuals: the ledger's spend lines of the fund's schemes to asOf, summed by scheme in one
  // aggregate (the ledger's balances() sums by account; this is the same sum grouped by scheme).
  const { rows: spent } = await db.query<{ scheme_id: string; actual: number }>(
    `SELECT l.scheme_id, sum(l.amount_pence)::int8 AS actual
       FROM finance.journal_line l JOIN finance.journal j ON j.id = l.journal_id
      WHERE l.scheme_id = ANY($1::text[]) AND (l.account = $2 OR l.account LIKE $3) AND j.accounting_date <= $4::date
      GROUP BY l.scheme_id`,
    [schemes.rows.map((s) => s.id), fundAccounts.spend.code, `${fundAccounts.spend.code}:%`, asOf],
  );
  const actualByScheme = new Map(spent.map((r) => [r.scheme_id, r.actual]));
  const partnerOfStream = new Map(streams.rows.map((s) => [s.id, s.partner_id]));
  const committedByScheme = new Map(commitments.rows.map((c) => [c.scheme_id, c]));
  const partnerIndex = new Map(partners.rows.map((p, i) => [p.id, i]));
  const contributions = partners.rows.map((p) => streams.rows.filter((s) => s.partner_id === p.id).reduce((a, s) => a + s.amount_pence, 0));
  const partnerActual = partners.rows.map(() => 0);
  const partnerForecast = partners.rows.map(() => 0);

  const schemeLines = schemes.rows.map((s) => {
    const sources = funding.rows.filter((f) => f.scheme_id === s.id);
    const budgetPence = sources.reduce((a, f) => a + f.amount_pence, 0);
    const committedPence = committedByScheme.get(s.id)?.committed ?? 0;
    const actualPence = actualByScheme.get(s.id) ?? 0;
    const forecastPence = actualPence + committedPence;
    // The scheme's weights by partner: its funding from each partner's streams (by contributions if it has none).
    const weights = partners.rows.map(() => 0);
    for (const f of sources) {
      const i = partnerIndex.get(partnerOfStream.get(f.stream_id) ?? '');
      if (i !== undefined) weights[i] = (weights[i] ?? 0) + f.amount_pence;
    }
    const by = weights.some((w) => w > 0) ? weights : contributions.some((c) => c > 0) ? contributions : partners.rows.map(() => 1);
    if (partners.rows.length > 0) {
      apportion(actualPence, by).forEach((p, i) => { partnerActual[i] = (partnerActual[i] ?? 0) + p; });
      apportion(forecastPence, by).forEach((p, i) => { partnerForecast[i] = (partnerForecast[i] ?? 0) + p; });
    }
    return {
      id: s.id, name: s.name, streamId: sources[0]?.stream_id ?? null, budgetPence, committedPence, actualPence, forecastPence,
      variancePence: forecastPence - budgetPence, packages: committedByScheme.get(s.id)?.live ?? 0,
    };
  });
  const sum = (k: 'budgetPence' | 'committedPence' | 'actualPence' | 'forecastPence'): number => schemeLines.reduce((a, s) => a + s[k], 0);
  const totals = { budgetPence: sum('budgetPence'), committedPence: sum('committedPence'), actualPence: sum('actualPence'), forecastPence: sum('forecastPence'), variancePence: 0 };
  totals.variancePence = totals.forecastPence - totals.budgetPence;
  const partnerLines = partners.rows.map((p, i) => ({
    id: p.id, name: p.name, kind: p.kind, contributionPence: contributions[i] ?? 0, actualPence: partnerActual[i] ?? 0, forecastPence: partnerForecast[i] ?? 0,
    variancePence: (partnerForecast[i] ?? 0) - (contributions[i] ?? 0),
  }));
  const agreement = agreementOn(agreements.rows.map((a) => ({ effectiveFrom: a.effective_from, rule: a.rule, description: a.description })), asOf);
  let riskShare: RiskShare;
  try {
    riskShare = shareRisk(agreement, partnerLines.map((p) => ({ id: p.id, name: p.name, contributionPence: p.contributionPence })), totals.variancePence, fund.hostPartnerId);
  } catch (error) {
    if (!(error instanceof RiskShareRuleError)) throw error;
    throw invalid(`The risk-share agreement in force on ${asOf} cannot be applied: ${error.message}.`, [{ path: 'riskShare', message: error.message }], 'fund');
  }
  return {
    fund, asOf, partners: partnerLines,
    streams: streams.rows.map((s) => ({ id: s.id, name: s.name, partnerId: s.partner_id, amountPence: s.amount_pence })),
    schemes: schemeLines, totals, riskShare,
  };
}

export interface ActualInput {
  schemeId: string;
  kind: 'invoice' | 'payment';
  amountPence: number;
  date: string;
  reference: string;
  idempotencyKey: string;
  personId?: number | null;
}

/**
 * Posts spend on a scheme to the ledger: an invoice received (debit spend, credit creditors: owed
 * to the provider) or a payment made without an invoice (debit spend, credit bank). Either is an
 * actual from its date. A retry with the same idempotency key answers the same journal (replayed).
 */
export async function postActual(db: Db, fundId: string, input: ActualInput, by: string): Promise<Journal> {
  const fund = await getFund(db, fundId);
  const problems: { path: string; message: string }[] = [];
  const { rows } = await db.query<{ id: string }>('SELECT id FROM finance.fund_scheme WHERE fund_id = $1 AND id = $2', [fundId, input.schemeId]);
  if (rows.length === 0) problems.push({ path: '/schemeId', message: `must be one of the schemes of ${fund.name}` });
  if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) problems.push({ path: '/amountPence', message: 'must be whole pence, more than 0' });
  if (!isIsoDate(input.date)) problems.push({ path: '/date', message: 'must be a date (YYYY-MM-DD)' });
  if (input.reference.trim() === '') problems.push({ path: '/reference', message: 'must say which invoice or payment this is' });
  if (input.personId != null) {
    const { rows: people } = await db.query('SELECT 1 FROM people.person WHERE id = $1', [input.personId]);
    if (people.length === 0) problems.push({ path: '/personId', message: 'must be a person in the index' });
  }
  if (problems.length > 0) throw invalid('The actual cannot be posted.', problems);
  const tag = { schemeId: input.schemeId, personId: input.personId ?? null, funder: 'pooled', memo: input.reference };
  const other = input.kind === 'invoice' ? fundAccounts.creditors.code : fundAccounts.bank.code;
  return postJournal(db, {
    idempotencyKey: `fund:${fundId}:${input.idempotencyKey}`,
    date: input.date,
    description: `${input.kind === 'invoice' ? 'Invoice' : 'Payment'} ${input.reference}, ${fund.name}`,
    by,
    lines: [
      { account: fundAccounts.spend.code, amountPence: input.amountPence, ...tag },
      { account: other, amountPence: -input.amountPence, ...tag },
    ],
  });
}

interface PackageRow { id: string; person_id: string; scheme_id: string; fund_id: string; weekly_cost_pence: number; start_date: string; end_date: string | null; funder: Funder }
const packageOf = (r: PackageRow): CarePackage => ({
  id: r.id, personId: r.person_id, schemeId: r.scheme_id, fundId: r.fund_id, weeklyCostPence: r.weekly_cost_pence, start: r.start_date, end: r.end_date, funder: r.funder,
});
const packageColumns = 'cp.id::text AS id, cp.person_id::text AS person_id, cp.scheme_id, cp.fund_id, cp.weekly_cost_pence, cp.start_date, cp.end_date, cp.funder';

/** The people's names, each from the most trusted source that holds one (GP first), as on the person page. */
export async function namesOf(db: Queryable, personIds: readonly number[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const { rows } = await db.query<{ person_id: string; source_id: string; name: string | null }>(
    `SELECT person_id::text AS person_id, source_id, nullif(trim(concat_ws(' ', given, family)), '') AS name
       FROM people.identity WHERE person_id = ANY($1::bigint[]) ORDER BY id`,
    [personIds],
  );
  rows.sort((a, b) => sourcePriority(a.source_id) - sourcePriority(b.source_id));
  const names = new Map<string, string>();
  for (const r of rows) if (r.name !== null && !names.has(r.person_id)) names.set(r.person_id, r.name);
  return names;
}

/** A page of the fund's care packages for people the reader may see (in id order; `after` is the last page's `next`). */
export async function fundPackages(
  db: Queryable, scope: PersonScope, fundId: string, options: { schemeId?: string; after?: string; limit?: number } = {},
): Promise<{ packages: (CarePackage & { name: string })[]; next: string | null }> {
  await getFund(db, fundId);
  const limit = options.limit ?? 50;
  if (options.after !== undefined && !/^[0-9]{1,18}$/.test(options.after)) throw invalid('The cursor cannot be read.', [{ path: 'after', message: 'must be the `next` of a previous page' }], 'query');
  const params: unknown[] = [fundId, options.schemeId ?? null, options.after ?? '0', limit + 1];
  const { rows } = await db.query<PackageRow>(
    `SELECT ${packageColumns} FROM finance.care_package cp
      WHERE cp.fund_id = $1 AND ($2::text IS NULL OR cp.scheme_id = $2) AND cp.id > $3::bigint AND (${scope.condition('cp.person_id', params)})
      ORDER BY cp.id LIMIT $4`,
    params,
  );
  const page = rows.slice(0, limit);
  const names = await namesOf(db, page.map((r) => Number(r.person_id)));
  return {
    packages: page.map((r) => ({ ...packageOf(r), name: names.get(r.person_id) ?? 'Name not recorded' })),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The care packages charged for one person, across funds (the caller has checked they may see the person). */
export async function personPackages(db: Queryable, personId: number): Promise<CarePackage[]> {
  const { rows } = await db.query<PackageRow>(`SELECT ${packageColumns} FROM finance.care_package cp WHERE cp.person_id = $1 ORDER BY cp.start_date DESC, cp.id DESC`, [personId]);
  return rows.map(packageOf);
}
