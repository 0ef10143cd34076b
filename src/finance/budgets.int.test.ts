// Personal budgets on each backend: the indicative amount by the resource allocation rules in force,
// the person's contribution from a financial assessment and the council's amount, a direct-payment
// account with payments and surplus returned through the ledger, NHS personal health budgets, and a
// person's money by funder; over HTTP, only for people the reader may see (404 otherwise) and only
// for the roles allowed (403), the person themselves included.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { signedInAs, type TestSession } from '../../test/support/access.js';
import { type Bay, seedBay } from '../../test/support/bay.js';
import { backends, freshDatabaseEach } from '../../test/support/databases.js';
import { rejection } from '../../test/support/errors.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { allMigrations } from '../joinedup.js';
import { migrate } from '../platform/index.js';
import { recordAssessment } from './assessments.js';
import { agreePersonalBudget, indicativeBudget, listRasRuleSets, personMoney, postDirectPayment, rasRulesOn, type ContributionLookup, type RasRules } from './budgets.js';
import { addCarePackages, defineFund, postActual } from './fund.js';

const rules: RasRules = {
  poundsPerPointPence: 250, minimumWeeklyPence: 1_000,
  domains: [
    { id: 'care', label: 'Care', levels: [{ level: 'none', label: 'None', points: 0 }, { level: 'some', label: 'Some', points: 10 }] },
    { id: 'carer', label: 'Carer', levels: [{ level: 'none', label: 'None', points: 0 }, { level: 'lots', label: 'Lots', points: -20 }] },
  ],
};

describe('indicativeBudget', () => {
  it.each([
    // 10 points × £2.50 = £25.00 a week.
    [{ care: 'some' }, 10, 2_500],
    // 10 − 20 points is below nothing: 0 points, and the minimum of £10.00 a week.
    [{ care: 'some', carer: 'lots' }, 0, 1_000],
    [{}, 0, 1_000],
  ])('prices %j at %i points, %i pence a week', (needs, points, weeklyPence) => {
    expect(indicativeBudget(rules, needs)).toEqual({ points, weeklyPence, problems: [] });
  });
  it('says which domain or level is not in the rules', () => {
    expect(indicativeBudget(rules, { care: 'lots', flying: 'some' }).problems).toEqual([
      { path: '/needs/care', message: 'must be one of none, some' },
      { path: '/needs/flying', message: 'is not a needs domain (care, carer)' },
    ]);
  });
});

describe.each(backends)('personal budgets on $name', (backend) => {
  const db = freshDatabaseEach(backend, (d) => migrate(d, allMigrations()));
  const test = it.skipIf(!backend.available);
  const person = async (): Promise<number> => Number((await db().query<{ id: number }>('INSERT INTO people.person (created_at) VALUES (now()) RETURNING id')).rows[0]?.id);
  const assessed = (weeklyChargePence: number): ContributionLookup => async (_db, _personId, id) => (id === 'missing' ? null : { assessmentId: id ?? 'fa-1', weeklyChargePence });

  test('agrees a budget by the rules in force on its start, with the person\'s assessed contribution and the council\'s amount', async () => {
    const id = await person();
    expect((await listRasRuleSets(db())).map((r) => r.id)).toEqual(['ras-2025-26']);
    await db().query(`INSERT INTO finance.ras_rule_set (id, name, effective_from, rules, source) VALUES ('ras-2026-27', 'Test 2026-27', '2026-04-01', $1, 'test')`, [JSON.stringify(rules)]);
    expect((await rasRulesOn(db(), '2026-03-31')).id).toBe('ras-2025-26');
    expect((await rasRulesOn(db(), '2026-04-01')).id).toBe('ras-2026-27');
    expect((await rejection(rasRulesOn(db(), '2025-03-31'))).code).toBe('no_ras_rules');
    // 2025-26 rules: personal care substantial 25 + eating some 5 + moving some 6 − carer some 5 = 31 points × £2.50 = £77.50.
    const first = await agreePersonalBudget(db(), id, { needs: { personal_care: 'substantial', nutrition: 'some', mobility: 'some', carer: 'some' }, deliveryMechanism: 'managed', start: '2025-06-01' }, 'Sam', assessed(2_500));
    expect(first).toMatchObject({ rasPoints: 31, indicativePence: 7_750, agreedWeeklyPence: 7_750, personContributionWeeklyPence: 2_500, councilWeeklyPence: 5_250, ruleSet: 'ras-2025-26', end: null, agreedBy: 'Sam' });
    // Agreed above the indicative amount; the person's charge is more than the budget, so they pay it all.
    const second = await agreePersonalBudget(db(), id, { needs: { care: 'some' }, agreedWeeklyPence: 2_000, deliveryMechanism: 'direct_payment', start: '2026-05-01' }, 'Sam', assessed(9_999));
    expect(second).toMatchObject({ rasPoints: 10, indicativePence: 2_500, agreedWeeklyPence: 2_000, personContributionWeeklyPence: 2_000, councilWeeklyPence: 0, ruleSet: 'ras-2026-27', deliveryMechanism: 'direct_payment' });
    const money = await personMoney(db(), id);
    expect(money.personalBudget?.id).toBe(second.id);
    expect(money.directPayment).toEqual({ accountId: expect.any(String) as unknown, balancePence: 0, lines: [] });
    // The first budget ended the day before the second began.
    expect((await db().query<{ end_date: string }>('SELECT end_date FROM finance.personal_budget WHERE id = $1', [first.id])).rows[0]?.end_date).toBe('2026-04-30');
    const wrong = await rejection(agreePersonalBudget(db(), id, { needs: { personal_care: 'a lot' }, deliveryMechanism: 'managed', start: '2025-06-01', assessmentId: 'missing' }, 'Sam', assessed(0)));
    expect(wrong.errors.map((e) => e.path)).toEqual(['/needs/personal_care', '/assessmentId']);
  });

  test('shows as current the budget in force today, not one agreed earlier to start later', async () => {
    const id = await person();
    const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const later = await agreePersonalBudget(db(), id, { needs: { personal_care: 'some' }, deliveryMechanism: 'managed', start: day(40) }, 'Sam', assessed(0));
    expect((await personMoney(db(), id)).personalBudget?.id).toBe(later.id);
    const now = await agreePersonalBudget(db(), id, { needs: { personal_care: 'some' }, deliveryMechanism: 'commissioned', start: day(0) }, 'Sam', assessed(0));
    expect((await personMoney(db(), id)).personalBudget?.id).toBe(now.id);
  });

  test('pays a direct payment in, takes surplus back, and shows the balance and every money line by funder', async () => {
    const id = await person();
    expect((await rejection(postDirectPayment(db(), id, { kind: 'payment', amountPence: 100, date: '2025-06-01', reference: 'DP-0', idempotencyKey: 'dp-0' }, 'Sam'))).code).toBe('no_direct_payment');
    await agreePersonalBudget(db(), id, { needs: { personal_care: 'full' }, deliveryMechanism: 'direct_payment', start: '2025-06-01' }, 'Sam', assessed(0));
    const paid = await postDirectPayment(db(), id, { kind: 'payment', amountPence: 40_000, date: '2025-06-01', reference: 'DP-1', idempotencyKey: 'dp-1' }, 'Sam');
    expect(paid.lines.map((l) => [l.account, l.amountPence, l.personId, l.funder])).toEqual([['asc:direct-payments', 40_000, id, 'council'], ['asc:bank', -40_000, id, 'council']]);
    expect((await postDirectPayment(db(), id, { kind: 'payment', amountPence: 40_000, date: '2025-06-01', reference: 'DP-1', idempotencyKey: 'dp-1' }, 'Sam')).replayed).toBe(true);
    await postDirectPayment(db(), id, { kind: 'surplus_returned', amountPence: 6_500, date: '2025-09-01', reference: 'DP-S', idempotencyKey: 'dp-s' }, 'Sam');
    // A pooled-fund invoice for their care is theirs too.
    await defineFund(db(), {
      id: 'f', name: 'F', financialYear: '2025-26', startDate: '2025-04-01', endDate: '2026-03-31', hostPartnerId: 'c',
      partners: [{ id: 'c', name: 'Council', kind: 'council' }], streams: [{ id: 's', name: 'Grant', partnerId: 'c', kind: 'la_better_care_grant', amountPence: 100 }],
      schemes: [{ id: 'h', name: 'Home care', funding: [{ streamId: 's', amountPence: 100 }] }],
    }, 'test');
    await addCarePackages(db(), 'f', [{ personId: id, schemeId: 'h', weeklyCostPence: 20_000, start: '2025-07-01', funder: 'pooled' }], 'test');
    await postActual(db(), 'f', { schemeId: 'h', kind: 'invoice', amountPence: 80_000, date: '2025-07-31', reference: 'INV-7', idempotencyKey: 'inv-7', personId: id }, 'test');
    const money = await personMoney(db(), id);
    // £400.00 paid in less £65.00 returned: £335.00.
    expect(money.directPayment?.balancePence).toBe(33_500);
    expect(money.directPayment?.lines.map((l) => [l.date, l.amountPence])).toEqual([['2025-09-01', -6_500], ['2025-06-01', 40_000]]);
    expect(money.moneyLines.map((l) => [l.date, l.amountPence, l.funder])).toEqual([['2025-09-01', -6_500, 'council'], ['2025-07-31', 80_000, 'pooled'], ['2025-06-01', 40_000, 'council']]);
    expect(money.packages).toEqual([{ id: expect.any(String) as unknown, personId: String(id), fundId: 'f', schemeId: 'h', weeklyCostPence: 20_000, start: '2025-07-01', end: null, funder: 'pooled' }]);
  });
});

describe.each(backends)('a person\'s money over HTTP on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let bay: Bay;
  let cara: TestSession;
  const test = it.skipIf(!backend.available);
  beforeAll(async () => {
    if (!backend.available) return;
    bay = await seedBay(fhir.joinedUp());
    const { db, app } = fhir.joinedUp();
    const identity = (await db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [bay.ids.cara])).rows[0]?.id ?? 0;
    cara = await signedInAs(app, db, { role: 'person', name: 'Cara Cole', organisationId: null, identityId: identity });
  }, 120_000);
  const at = (id: number, what: string): string => `/api/people/${id}/${what}`;

  test('gives the resource allocation rules to those who agree budgets, not to other roles', async () => {
    const ras = await bay.get('/api/finance/ras', bay.as.social);
    expect(ras.status).toBe(200);
    const sets = ras.body.ruleSets as { id: string; poundsPerPointPence: number; domains: { id: string; levels: { level: string; points: number }[] }[] }[];
    expect(sets.map((r) => r.id)).toEqual(['ras-2025-26']);
    // The set in force today, at the top level for the form.
    expect(ras.body).toMatchObject({ id: 'ras-2025-26', effectiveFrom: '2025-04-01', poundsPerPointPence: 250, minimumWeeklyPence: 0 });
    expect((ras.body.domains as typeof sets[number]['domains']).find((d) => d.id === 'personal_care')?.levels.map((l) => l.points)).toEqual([0, 10, 25, 40]);
    expect((await bay.get('/api/finance/ras', bay.as.gp)).status).toBe(403);
  });

  test('agrees a budget, pays a direct payment and records a health budget for a person the social worker may see; 404 for one they may not', async () => {
    const budget = await bay.post(at(bay.ids.cara, 'personal-budgets'), { needs: { personal_care: 'some', safety: 'substantial' }, agreedWeeklyPence: 9_000, deliveryMechanism: 'direct_payment', start: '2025-06-02' }, bay.as.social);
    // 10 + 20 points × £2.50 = £75.00 indicative, £90.00 agreed; no financial assessment: the council pays it all.
    expect(budget.status).toBe(201);
    expect(budget.body.personalBudget).toMatchObject({ indicativePence: 7_500, agreedWeeklyPence: 9_000, personContributionWeeklyPence: 0, councilWeeklyPence: 9_000, rasPoints: 30, agreedBy: 'Sam Clarke' });
    const payment = { kind: 'payment', amountPence: 36_000, date: '2025-06-02', reference: 'DP-1', idempotencyKey: 'cara-dp-1' };
    expect((await bay.post(at(bay.ids.cara, 'direct-payments'), payment, bay.as.social)).status).toBe(201);
    expect((await bay.post(at(bay.ids.cara, 'direct-payments'), payment, bay.as.social)).status).toBe(200);
    expect((await bay.post(at(bay.ids.cara, 'direct-payments'), { ...payment, kind: 'surplus_returned', amountPence: 4_000, idempotencyKey: 'cara-dp-2' }, bay.as.social)).status).toBe(201);
    const health = await bay.post(at(bay.ids.cara, 'health-budgets'), { kind: 'chc', weeklyPence: 150_000, management: 'notional', start: '2025-07-01' }, bay.as.social);
    expect(health).toMatchObject({ status: 201, body: { healthBudget: { kind: 'chc', weeklyPence: 150_000, management: 'notional', start: '2025-07-01', end: null } } });

    const money = await bay.get(at(bay.ids.cara, 'money'), bay.as.social);
    expect(money.status).toBe(200);
    expect(money.body).toMatchObject({
      personId: String(bay.ids.cara),
      personalBudget: { deliveryMechanism: 'direct_payment', councilWeeklyPence: 9_000 },
      directPayment: { balancePence: 32_000 },
      healthBudgets: [{ kind: 'chc', weeklyPence: 150_000 }],
      packages: [],
    });
    expect((money.body.moneyLines as { amountPence: number; funder: string }[]).map((l) => [l.amountPence, l.funder])).toEqual([[-4_000, 'council'], [36_000, 'council']]);

    // Ann is not someone the council's social worker may see; the GP may not agree budgets at all.
    for (const [what, body] of [['personal-budgets', { needs: { personal_care: 'some' }, deliveryMechanism: 'managed', start: '2025-06-02' }], ['direct-payments', payment], ['health-budgets', { kind: 'chc', weeklyPence: 1, management: 'notional', start: '2025-07-01' }]] as const) {
      expect((await bay.post(at(bay.ids.ann, what), body, bay.as.social)).body, what).toMatchObject({ status: 404, code: 'person_not_found' });
      expect((await bay.post(at(bay.ids.cara, what), body, bay.as.gp)).status, what).toBe(403);
    }
    expect((await bay.get(at(bay.ids.ann, 'money'), bay.as.social)).status).toBe(404);
    const wrong = await bay.post(at(bay.ids.cara, 'personal-budgets'), { needs: { flying: 'some' }, deliveryMechanism: 'managed', start: '2025-06-02' }, bay.as.social);
    expect(wrong.body).toMatchObject({ status: 400, code: 'finance_input_invalid', errors: [{ where: 'body', path: '/needs/flying' }] });
  });

  test('lets the person see their own money and no one else\'s, and keeps it from roles that do not arrange care', async () => {
    const own = await bay.get(at(bay.ids.cara, 'money'), cara);
    expect(own.status).toBe(200);
    expect(own.body.personId).toBe(String(bay.ids.cara));
    expect((await bay.get(at(bay.ids.bill, 'money'), cara)).status).toBe(404);
    // Each look, and each refusal, is in the audit trail.
    await vi.waitFor(async () => {
      const { rows } = await fhir.joinedUp().db.query<{ resource_id: string; outcome: number; actor: string }>(
        `SELECT resource_id, outcome, actor FROM access.audit_event WHERE action = 'read' AND detail LIKE 'GET /api/people/%/money' AND actor LIKE 'Cara Cole%' ORDER BY seq`);
      expect(rows.map((r) => [r.resource_id, r.outcome])).toEqual([[String(bay.ids.cara), 200], [String(bay.ids.bill), 404]]);
    });
    expect((await bay.get(at(bay.ids.cara, 'money'), bay.as.commissioner)).status).toBe(403);
    expect((await bay.get(at(bay.ids.cara, 'money'), bay.as.gp)).status).toBe(403);
  });

  test('takes the person\'s contribution from their latest financial assessment, or the one named', async () => {
    // Knowsley's Example 1 (2024-25): £67.71 a week (finance/assessments.int.test.ts).
    const weekly = (type: string, amount_pence: number) => ({ type, amount_pence, period: 'weekly' });
    const assessment = await recordAssessment(fhir.joinedUp().db, {
      personId: bay.ids.cara, assessedBy: 'Sam Clarke (social-worker)', document: {
        setting: 'non_residential', financial_year: '2024-25', council: 'knowsley', person: { age: 22, disability_premium: true, enhanced_disability_premium: true }, capital_pence: 0,
        income: [weekly('universal_credit', 16_796), weekly('pip_daily_living_enhanced', 10_855), weekly('pip_mobility_enhanced', 7_575)],
        dre: [{ label: 'Laundry and bedding allowance', amount_pence: 642, period: 'weekly' }, { label: 'Clothing and footwear allowance', amount_pence: 618, period: 'weekly' }],
        weekly_cost_pence: 39_195,
      },
    });
    expect(assessment.weeklyChargePence).toBe(6_771);
    // £200.00 agreed: Cara pays £67.71, the council £132.29.
    const latest = await bay.post(at(bay.ids.cara, 'personal-budgets'), { needs: { personal_care: 'full' }, agreedWeeklyPence: 20_000, deliveryMechanism: 'managed', start: '2025-09-01' }, bay.as.social);
    expect(latest).toMatchObject({ status: 201, body: { personalBudget: { agreedWeeklyPence: 20_000, personContributionWeeklyPence: 6_771, councilWeeklyPence: 13_229, deliveryMechanism: 'managed' } } });
    const named = await bay.post(at(bay.ids.cara, 'personal-budgets'), { needs: { personal_care: 'full' }, agreedWeeklyPence: 5_000, deliveryMechanism: 'commissioned', start: '2025-10-01', assessmentId: assessment.id }, bay.as.social);
    // £50.00 agreed is less than the charge: Cara pays all of it.
    expect(named.body.personalBudget).toMatchObject({ personContributionWeeklyPence: 5_000, councilWeeklyPence: 0 });
    const unknown = await bay.post(at(bay.ids.cara, 'personal-budgets'), { needs: { personal_care: 'full' }, deliveryMechanism: 'managed', start: '2025-10-01', assessmentId: '999999' }, bay.as.social);
    expect(unknown.body).toMatchObject({ status: 400, errors: [{ path: '/assessmentId' }] });
    expect(((await bay.get(at(bay.ids.cara, 'money'), bay.as.social)).body.personalBudget as { start: string }).start).toBe('2025-10-01');
  });
});
