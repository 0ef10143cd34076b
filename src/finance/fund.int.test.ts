// The pooled fund on each backend: a fund defined with its partners, streams and schemes, care
// packages committed against it, actuals posted to the ledger, and its position at a date worked out
// by hand below; the risk share under the agreement in force on each date; and the HTTP routes, with
// who may read what (403 for other roles, packages only for people the reader may see).
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bay, seedBay } from '../../test/support/bay.js';
import { backends, freshDatabaseEach } from '../../test/support/databases.js';
import { rejection } from '../../test/support/errors.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { allMigrations } from '../joinedup.js';
import { everyone, migrate, type Db } from '../platform/index.js';
import { personMoney } from './budgets.js';
import { listAssessments } from './assessments.js';
import { financialYearOn, seedDemoFund } from './demo.js';
import { addCarePackages, defineFund, fundPackages, fundPosition, listFunds, postActual, recordRiskShare, type FundDefinition } from './fund.js';

// £100,000 from the ICB (NHS minimum contribution), £20,000 DFG and £30,000 grant from the council: £150,000.
const fund: FundDefinition = {
  id: 'test-bcf', name: 'Test BCF 2025-26', financialYear: '2025-26', startDate: '2025-04-01', endDate: '2026-03-31', hostPartnerId: 'test-council',
  partners: [{ id: 'test-icb', name: 'Test ICB', kind: 'icb' }, { id: 'test-council', name: 'Test Council', kind: 'council' }],
  streams: [
    { id: 'test-nhs', name: 'NHS minimum contribution', partnerId: 'test-icb', kind: 'nhs_minimum', amountPence: 10_000_000 },
    { id: 'test-dfg', name: 'Disabled Facilities Grant', partnerId: 'test-council', kind: 'dfg', amountPence: 2_000_000 },
    { id: 'test-grant', name: 'Local Authority Better Care Grant', partnerId: 'test-council', kind: 'la_better_care_grant', amountPence: 3_000_000 },
  ],
  schemes: [
    { id: 'test-reablement', name: 'Reablement', funding: [{ streamId: 'test-nhs', amountPence: 6_000_000 }] },
    // Home care: £40,000 NHS and £30,000 grant, 4:3 between ICB and council.
    { id: 'test-home-care', name: 'Home care', funding: [{ streamId: 'test-nhs', amountPence: 4_000_000 }, { streamId: 'test-grant', amountPence: 3_000_000 }] },
    { id: 'test-dfg-adaptations', name: 'DFG adaptations', funding: [{ streamId: 'test-dfg', amountPence: 2_000_000 }] },
  ],
  riskShare: { effectiveFrom: '2025-04-01', rule: { kind: 'proportional_capped', capPence: 500_000, host: 'test-council' }, description: 'Shared by contributions up to £5,000, then the council' },
};

async function seedFund(db: Db, people: { a: number; b: number; c: number }): Promise<void> {
  await defineFund(db, fund, 'test');
  await addCarePackages(db, fund.id, [
    { personId: people.a, schemeId: 'test-reablement', weeklyCostPence: 70_000, start: '2025-09-01', end: '2025-10-14' },
    { personId: people.b, schemeId: 'test-home-care', weeklyCostPence: 35_000, start: '2025-01-01' },
    { personId: people.c, schemeId: 'test-home-care', weeklyCostPence: 10_001, start: '2025-10-02', end: null },
    { personId: people.a, schemeId: 'test-reablement', weeklyCostPence: 50_000, start: '2025-05-01', end: '2025-06-30' },
  ], 'test');
  const actual = (schemeId: string, kind: 'invoice' | 'payment', amountPence: number, date: string, key: string) =>
    postActual(db, fund.id, { schemeId, kind, amountPence, date, reference: key.toUpperCase(), idempotencyKey: key }, 'test');
  await actual('test-reablement', 'invoice', 5_500_000, '2025-09-15', 'inv-1');
  await actual('test-dfg-adaptations', 'payment', 2_100_000, '2025-08-01', 'pay-1');
  await actual('test-home-care', 'invoice', 7_000_000, '2025-09-30', 'inv-2');
  await actual('test-home-care', 'invoice', 999_999, '2025-10-01', 'inv-3');
}

async function threePeople(db: Db): Promise<{ a: number; b: number; c: number }> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO people.person (created_at) SELECT now() FROM generate_series(1, 3) RETURNING id');
  const [a, b, c] = rows.map((r) => r.id);
  return { a: a ?? 0, b: b ?? 0, c: c ?? 0 };
}

describe.each(backends)('the pooled fund on $name', (backend) => {
  const db = freshDatabaseEach(backend, (d) => migrate(d, allMigrations()));
  const test = it.skipIf(!backend.available);

  test('gives the position on a date: budget, committed, actual, forecast and variance by scheme and partner, and the risk share', async () => {
    await seedFund(db(), await threePeople(db()));
    const p = await fundPosition(db(), fund.id, '2025-09-30');
    // Committed after 30 September to 31 March (182 days):
    //   reablement: 1–14 October, 14 days × £700 ÷ 7 = £1,400.00 (the package that ended in June: nothing);
    //   home care: 182 days × £350 ÷ 7 = £9,100.00, and 2 October to 31 March, 181 days × £100.01 ÷ 7
    //   = £2,585.97 (258,597.29p, to the penny) — £11,685.97.
    // Actual to 30 September (the 1 October invoice is after): £55,000, £70,000, £21,000.
    expect(p.schemes).toEqual([
      { id: 'test-reablement', name: 'Reablement', streamId: 'test-nhs', budgetPence: 6_000_000, committedPence: 140_000, actualPence: 5_500_000, forecastPence: 5_640_000, variancePence: -360_000, packages: 1 },
      { id: 'test-home-care', name: 'Home care', streamId: 'test-nhs', budgetPence: 7_000_000, committedPence: 1_168_597, actualPence: 7_000_000, forecastPence: 8_168_597, variancePence: 1_168_597, packages: 1 },
      { id: 'test-dfg-adaptations', name: 'DFG adaptations', streamId: 'test-dfg', budgetPence: 2_000_000, committedPence: 0, actualPence: 2_100_000, forecastPence: 2_100_000, variancePence: 100_000, packages: 0 },
    ]);
    expect(p.totals).toEqual({ budgetPence: 15_000_000, committedPence: 1_308_597, actualPence: 14_600_000, forecastPence: 15_908_597, variancePence: 908_597 });
    // Partners: reablement all ICB; home care 4:3 — actual £40,000 / £30,000, forecast 8,168,597 × 4/7 =
    // 4,667,769.71 and × 3/7 = 3,500,827.29, the penny left to the larger remainder: 4,667,770 and 3,500,827;
    // DFG all council. ICB forecast 5,640,000 + 4,667,770 = 10,307,770 against £100,000 contributed.
    expect(p.partners).toEqual([
      { id: 'test-icb', name: 'Test ICB', kind: 'icb', contributionPence: 10_000_000, actualPence: 9_500_000, forecastPence: 10_307_770, variancePence: 307_770 },
      { id: 'test-council', name: 'Test Council', kind: 'council', contributionPence: 5_000_000, actualPence: 5_100_000, forecastPence: 5_600_827, variancePence: 600_827 },
    ]);
    expect(p.streams.map((s) => [s.id, s.partnerId, s.amountPence])).toEqual([['test-nhs', 'test-icb', 10_000_000], ['test-dfg', 'test-council', 2_000_000], ['test-grant', 'test-council', 3_000_000]]);
    // £9,085.97 over: the first £5,000 by contributions 2:1 — 333,333.33 and 166,666.67, the penny to the
    // council's larger remainder: £3,333.33 and £1,666.67; the £4,085.97 above the cap to the council.
    expect(p.riskShare.overspendPence).toBe(908_597);
    expect(p.riskShare.shares).toEqual([{ partnerId: 'test-icb', name: 'Test ICB', amountPence: 333_333 }, { partnerId: 'test-council', name: 'Test Council', amountPence: 575_264 }]);
    expect(p.riskShare.lines.map((l) => l.amountPence)).toEqual([908_597, 333_333, 166_667, 408_597]);
  });

  test('counts actuals only to the date asked, and applies the agreement in force then', async () => {
    await seedFund(db(), await threePeople(db()));
    await recordRiskShare(db(), fund.id, { effectiveFrom: '2025-10-01', rule: { kind: 'host_carries' }, description: 'Varied: the council carries it' }, 'test');
    const p = await fundPosition(db(), fund.id, '2025-10-01');
    // The 1 October invoice (£9,999.99) now counts; the open package's commitment is a day shorter,
    // 181 × £50 = £9,050.00, the one starting on 2 October's the same; it is not live yet on the 1st.
    const home = p.schemes.find((s) => s.id === 'test-home-care');
    expect(home).toMatchObject({ actualPence: 7_999_999, committedPence: 905_000 + 258_597, packages: 1 });
    expect(p.riskShare.description).toBe('Varied: the council carries it');
    expect(p.riskShare.shares.map((s) => s.amountPence)).toEqual([0, p.totals.variancePence]);
    // Before the fund's year nothing is spent, and everything is still to come.
    const early = await fundPosition(db(), fund.id, '2025-03-31');
    expect(early.totals.actualPence).toBe(0);
    // The whole year committed: 44 days × £100 = £4,400; 365 × £50 = £18,250; £2,585.97 as before; and
    // the spring package, 61 days × £500 ÷ 7 = 435,714.29p → £4,357.14: £29,593.11. Asked in January,
    // the same: only the fund's own year counts, not the months of it before.
    expect(early.totals.committedPence).toBe(2_959_311);
    expect((await fundPosition(db(), fund.id, '2025-01-15')).totals.committedPence).toBe(2_959_311);
  });

  test('posts an actual once for its idempotency key, and says what is wrong with one it cannot post', async () => {
    await seedFund(db(), await threePeople(db()));
    const input = { schemeId: 'test-reablement', kind: 'invoice' as const, amountPence: 12_345, date: '2025-11-30', reference: 'INV-9', idempotencyKey: 'k-9' };
    const first = await postActual(db(), fund.id, input, 'test');
    const again = await postActual(db(), fund.id, input, 'test');
    expect(again).toEqual({ ...first, replayed: true });
    expect(first.lines.map((l) => [l.account, l.amountPence, l.schemeId, l.funder])).toEqual([['bcf:spend', 12_345, 'test-reablement', 'pooled'], ['bcf:creditors', -12_345, 'test-reablement', 'pooled']]);
    const wrong = await rejection(postActual(db(), fund.id, { ...input, schemeId: 'nope', amountPence: 0, personId: 99_999_999, idempotencyKey: 'k-10' }, 'test'));
    expect(wrong.status).toBe(400);
    expect(wrong.errors.map((e) => e.path)).toEqual(['/schemeId', '/amountPence', '/personId']);
    expect((await rejection(fundPosition(db(), 'no-such-fund', '2025-09-30'))).code).toBe('fund_not_found');
    expect((await rejection(addCarePackages(db(), fund.id, [{ personId: 1, schemeId: 'test-dfg-adaptations', weeklyCostPence: -1, start: '2025-13-01' }], 'test'))).errors.map((e) => e.path)).toEqual(['/0/weeklyCostPence', '/0/start']);
  });

  test('refuses a fund whose streams, schemes or risk share do not fit together', async () => {
    const bad = await rejection(defineFund(db(), {
      ...fund, hostPartnerId: 'nobody',
      streams: [{ ...fund.streams[0] as FundDefinition['streams'][number], partnerId: 'nobody' }],
      schemes: [{ id: 'x', name: 'X', funding: [{ streamId: 'missing', amountPence: 1 }] }],
      riskShare: { effectiveFrom: '2025-04-01', rule: { kind: 'fixed_shares', shares: {} }, description: '' },
    }, 'test'));
    expect(bad.errors.map((e) => e.path)).toEqual(['/hostPartnerId', '/streams/0/partnerId', '/schemes/0/funding/0/streamId', '/riskShare/rule']);
    expect(await listFunds(db())).toEqual([]);
  });

  test('works out the position of 5,000 packages in one pass, to the penny of adding them up one by one', async () => {
    await defineFund(db(), fund, 'test');
    const { rows } = await db().query<{ id: number }>('INSERT INTO people.person (created_at) SELECT now() FROM generate_series(1, 50) RETURNING id');
    const ids = rows.map((r) => r.id);
    const packages = Array.from({ length: 5000 }, (_, i) => ({
      personId: ids[i % ids.length] ?? 0, schemeId: i % 2 === 0 ? 'test-reablement' : 'test-home-care', weeklyCostPence: 10_000 + ((i * 7919) % 90_001),
      start: new Date(Date.UTC(2025, 0, 1) + ((i * 37) % 500) * 86_400_000).toISOString().slice(0, 10),
      end: i % 3 === 0 ? null : new Date(Date.UTC(2025, 0, 1) + (((i * 37) % 500) + 7 + (i % 200)) * 86_400_000).toISOString().slice(0, 10),
    }));
    await addCarePackages(db(), fund.id, packages, 'test');
    const asOf = '2025-11-15';
    const p = await fundPosition(db(), fund.id, asOf);
    const day = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
    const expected = packages.reduce((sum, k) => {
      const from = Math.max(day(k.start), day(asOf) + 1);
      const to = Math.min(k.end === null ? day(fund.endDate) : day(k.end), day(fund.endDate));
      return sum + Math.round((Math.max(0, to - from + 1) * k.weeklyCostPence) / 7);
    }, 0);
    expect(p.totals.committedPence).toBe(expected);
  });
});

describe.each(backends)('the demo pooled fund on $name', (backend) => {
  const db = freshDatabaseEach(backend, (d) => migrate(d, allMigrations()));
  const test = it.skipIf(!backend.available);

  test('seeds a Better Care Fund with its four streams, nine schemes, packages, monthly actuals and personal budgets, the same each time', async () => {
    expect([financialYearOn('2026-03-31'), financialYearOn('2026-04-01'), financialYearOn('2099-12-31')]).toEqual(['2025-26', '2026-27', '2099-00']);
    const { rows } = await db().query<{ id: number }>('INSERT INTO people.person (created_at) SELECT now() FROM generate_series(1, 300) RETURNING id');
    const personIds = rows.map((r) => r.id);
    const options = { personIds, financialYear: '2026-27', by: 'test', today: '2026-11-15', featured: [personIds[250] ?? 0] };
    const made = await seedDemoFund(db(), options);
    expect(made).toMatchObject({ fundId: 'bcf-2026-27', schemes: 9, packages: 200, personalBudgets: expect.any(Number) as unknown, healthBudgets: expect.any(Number) as unknown });
    expect(made.personalBudgets).toBeGreaterThan(0);
    // Seven months (April to October) of invoices and grant payments, and the direct payments.
    expect(made.journals).toBeGreaterThanOrEqual(9 * 7 - 5);
    expect(await seedDemoFund(db(), options)).toMatchObject({ packages: 0, journals: 0 });
    const p = await fundPosition(db(), 'bcf-2026-27', '2026-11-15');
    expect(p.streams.map((s) => s.name)).toEqual(['NHS minimum contribution', 'Discharge funding', 'Disabled Facilities Grant', 'Local Authority Better Care Grant']);
    expect(p.partners.map((x) => x.kind)).toEqual(['icb', 'council']);
    expect(p.partners.reduce((a, x) => a + x.contributionPence, 0)).toBe(p.totals.budgetPence);
    for (const s of p.schemes) {
      expect(s.forecastPence, s.name).toBe(s.actualPence + s.committedPence);
      expect(s.actualPence, s.name).toBeGreaterThan(0);
      // Near budget: within a fifth either way.
      expect(Math.abs(s.variancePence) / s.budgetPence, s.name).toBeLessThan(0.2);
    }
    expect(p.riskShare.shares.reduce((a, x) => a + x.amountPence, 0)).toBe(p.totals.variancePence);
    // Someone takes a direct payment, paid in four-weekly; one has returned a surplus.
    const { rows: dp } = await db().query<{ person_id: number }>('SELECT person_id FROM finance.direct_payment_account ORDER BY person_id');
    const monies = await Promise.all(dp.map((r) => personMoney(db(), r.person_id)));
    expect(monies.filter((m) => (m.directPayment?.balancePence ?? 0) > 0).length).toBeGreaterThan(0);
    expect(monies.every((m) => m.personalBudget?.deliveryMechanism === 'direct_payment')).toBe(true);
    expect(monies.some((m) => m.directPayment?.lines.some((l) => l.amountPence < 0))).toBe(true);
    // The featured person (the demo's own) moved from home care paid by the pool to a direct payment,
    // paid in since; their package ended the day before.
    const featured = await personMoney(db(), personIds[250] ?? 0);
    expect(featured.personalBudget?.deliveryMechanism).toBe('direct_payment');
    const dayBefore = new Date(Date.parse(`${featured.personalBudget?.start ?? ''}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(featured.packages.map((k) => [k.schemeId, k.end])).toEqual([['bcf-2026-27-home-care', dayBefore]]);
    expect(featured.directPayment?.balancePence).toBeGreaterThan(0);
    expect(featured.moneyLines.some((l) => l.funder === 'pooled') && featured.moneyLines.some((l) => l.funder === 'council')).toBe(true);
    // Every personal budget's contribution is what the person's stored financial assessment found (at most the budget).
    const { rows: budgets } = await db().query<{ person_id: string; contribution: string; agreed: string; assessment: string | null }>(
      'SELECT person_id, person_contribution_weekly_pence AS contribution, agreed_weekly_pence AS agreed, assessment_id AS assessment FROM finance.personal_budget');
    expect(budgets.length).toBe(made.personalBudgets);
    for (const b of budgets) {
      const [assessment] = await listAssessments(db(), Number(b.person_id));
      expect(b.assessment).toBe(assessment?.id);
      expect(Number(b.contribution)).toBe(Math.min(assessment?.weeklyChargePence ?? -1, Number(b.agreed)));
    }
    expect(budgets.some((b) => Number(b.contribution) > 0) && budgets.some((b) => Number(b.contribution) < Number(b.agreed))).toBe(true);
    // The same seed, people and day make the same fund.
    const again = await backend.open();
    try {
      await migrate(again.db, allMigrations());
      await again.db.query('INSERT INTO people.person (created_at) SELECT now() FROM generate_series(1, 300)');
      expect(await seedDemoFund(again.db, options)).toEqual(made);
      const q = await fundPosition(again.db, 'bcf-2026-27', '2026-11-15');
      expect(q.totals).toEqual(p.totals);
    } finally {
      await again.dispose();
    }
  }, 120_000);
});

describe.each(backends)('the pooled fund over HTTP on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let bay: Bay;
  const test = it.skipIf(!backend.available);
  beforeAll(async () => {
    if (!backend.available) return;
    bay = await seedBay(fhir.joinedUp());
    await seedFund(fhir.joinedUp().db, { a: bay.ids.ann, b: bay.ids.bill, c: bay.ids.cara });
  }, 120_000);

  test('lists funds and gives the position to those who run and use the fund, and refuses other roles', async () => {
    const funds = await bay.get('/api/finance/funds', bay.as.commissioner);
    expect(funds.status).toBe(200);
    expect(funds.body.funds).toEqual([{ id: 'test-bcf', name: 'Test BCF 2025-26', financialYear: '2025-26', startDate: '2025-04-01', endDate: '2026-03-31', hostPartnerId: 'test-council' }]);
    const position = await bay.get('/api/finance/funds/test-bcf/position?asOf=2025-09-30', bay.as.social);
    expect(position.status).toBe(200);
    expect(position.body).toMatchObject({ asOf: '2025-09-30', totals: { budgetPence: 15_000_000, forecastPence: 15_908_597, variancePence: 908_597 } });
    expect((await bay.get('/api/finance/funds', bay.as.gp)).body).toMatchObject({ status: 403, code: 'role_not_allowed' });
    expect((await bay.get('/api/finance/funds/test-bcf/position', bay.as.discharge)).status).toBe(403);
    expect((await bay.get('/api/finance/funds/test-bcf/position')).status).toBe(401);
    expect((await bay.get('/api/finance/funds/nope/position', bay.as.commissioner)).body).toMatchObject({ status: 404, code: 'fund_not_found' });
    expect((await bay.get('/api/finance/funds/test-bcf/position?asOf=2025-02-30', bay.as.commissioner)).body).toMatchObject({ status: 400, code: 'finance_input_invalid' });
  });

  test('lists packages only for the people the reader may see, with their names, a page at a time', async () => {
    // The council's social worker sees Cara (an open episode), not Ann or Bill.
    const page = await bay.get('/api/finance/funds/test-bcf/packages', bay.as.social);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      packages: [{ id: expect.any(String) as unknown, personId: String(bay.ids.cara), name: 'Cara Cole', fundId: 'test-bcf', schemeId: 'test-home-care', weeklyCostPence: 10_001, start: '2025-10-02', end: null, funder: 'pooled' }],
      next: null,
    });
    expect(((await bay.get('/api/finance/funds/test-bcf/packages?scheme=test-reablement', bay.as.social)).body.packages as unknown[])).toEqual([]);
    // Everyone's packages, two at a time, to show the pages join up.
    const all = await fundPackages(fhir.joinedUp().db, everyone, 'test-bcf', { limit: 2 });
    const rest = await fundPackages(fhir.joinedUp().db, everyone, 'test-bcf', { limit: 2, after: all.next ?? '' });
    expect([...all.packages, ...rest.packages].map((p) => p.personId)).toEqual([bay.ids.ann, bay.ids.bill, bay.ids.cara, bay.ids.ann].map(String));
    expect(rest.next).toBeNull();
    expect((await bay.get('/api/finance/funds/test-bcf/packages', bay.as.commissioner)).status).toBe(403);
    expect((await bay.get('/api/finance/funds/nope/packages', bay.as.social)).status).toBe(404);
  });

  test('lets a social worker arrange and end a package for a person they may see, and moves the commitment with it', async () => {
    const committed = async (): Promise<number> => {
      const position = await bay.get('/api/finance/funds/test-bcf/position?asOf=2025-09-30', bay.as.social);
      return (position.body.schemes as { id: string; committedPence: number }[]).find((s) => s.id === 'test-reablement')?.committedPence ?? Number.NaN;
    };
    const before = await committed();
    const body = { fundId: 'test-bcf', schemeId: 'test-reablement', weeklyCostPence: 7_000, start: '2025-10-01' };
    const made = await bay.post(`/api/people/${bay.ids.cara}/care-packages`, body, bay.as.social);
    expect(made.status).toBe(201);
    const pkg = made.body.package as { id: string; personId: string; end: string | null; funder: string };
    expect(pkg).toMatchObject({ personId: String(bay.ids.cara), end: null, funder: 'pooled' });
    // 1 October 2025 to 31 March 2026 is 182 days: 182 × £70.00 ÷ 7 = £1,820.00.
    expect(await committed()).toBe(before + 182_000);
    expect((await bay.post(`/api/people/${bay.ids.ann}/care-packages`, body, bay.as.social)).body).toMatchObject({ status: 404, code: 'person_not_found' });
    expect((await bay.post(`/api/people/${bay.ids.cara}/care-packages`, { ...body, schemeId: 'nope', start: '2025-10-32' }, bay.as.social)).body)
      .toMatchObject({ status: 400, code: 'finance_input_invalid', errors: [{ where: 'body', path: '/schemeId' }, { where: 'body', path: '/start' }] });
    expect((await bay.post(`/api/people/${bay.ids.cara}/care-packages`, body, bay.as.commissioner)).status).toBe(403);

    expect((await bay.post(`/api/finance/packages/${pkg.id}/end`, { end: '2025-09-01' }, bay.as.social)).body)
      .toMatchObject({ status: 400, code: 'finance_input_invalid', errors: [{ path: '/end' }] });
    const ended = await bay.post(`/api/finance/packages/${pkg.id}/end`, { end: '2025-10-31' }, bay.as.social);
    expect(ended.status).toBe(200);
    expect(ended.body.package).toMatchObject({ id: pkg.id, end: '2025-10-31' });
    // Thirty-one days of October: £310.00.
    expect(await committed()).toBe(before + 31_000);
    // A role that arranges no care is refused; Ann's package, whom the social worker may not see, is no package to them.
    expect((await bay.post(`/api/finance/packages/${pkg.id}/end`, { end: '2025-10-15' }, bay.as.gp)).status).toBe(403);
    const anns = (await fundPackages(fhir.joinedUp().db, everyone, 'test-bcf', {})).packages.find((p) => p.personId === String(bay.ids.ann));
    expect((await bay.post(`/api/finance/packages/${anns?.id ?? ''}/end`, { end: '2025-10-15' }, bay.as.social)).body).toMatchObject({ status: 404, code: 'package_not_found' });
    expect((await bay.post('/api/finance/packages/99999999/end', { end: '2025-10-15' }, bay.as.social)).body).toMatchObject({ status: 404, code: 'package_not_found' });
  });

  test('posts actuals for commissioners: 201, then 200 with the same journal for a retry; 403 for others', async () => {
    const body = { schemeId: 'test-dfg-adaptations', kind: 'payment', amountPence: 25_000, date: '2025-12-01', reference: 'DFG-77', idempotencyKey: 'http-1' };
    const first = await bay.post('/api/finance/funds/test-bcf/actuals', body, bay.as.commissioner);
    expect(first.status).toBe(201);
    const journal = first.body.journal as { id: string; sequence: number; lines: { account: string; amountPence: number; schemeId: string }[] };
    expect(journal.lines.map((l) => [l.account, l.amountPence, l.schemeId])).toEqual([['bcf:spend', 25_000, 'test-dfg-adaptations'], ['bcf:bank', -25_000, 'test-dfg-adaptations']]);
    const again = await bay.post('/api/finance/funds/test-bcf/actuals', body, bay.as.commissioner);
    expect(again.status).toBe(200);
    expect(again.body.journal).toEqual(journal);
    const after = await bay.get('/api/finance/funds/test-bcf/position?asOf=2025-12-01', bay.as.commissioner);
    expect((after.body.schemes as { id: string; actualPence: number }[]).find((s) => s.id === 'test-dfg-adaptations')?.actualPence).toBe(2_125_000);
    expect((await bay.post('/api/finance/funds/test-bcf/actuals', { ...body, idempotencyKey: 'http-2' }, bay.as.social)).status).toBe(403);
    const wrong = await bay.post('/api/finance/funds/test-bcf/actuals', { ...body, schemeId: 'nope', idempotencyKey: 'http-3' }, bay.as.commissioner);
    expect(wrong.body).toMatchObject({ status: 400, code: 'finance_input_invalid', errors: [{ where: 'body', path: '/schemeId' }] });
  });
});
