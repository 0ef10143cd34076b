// Financial assessments stored and over HTTP, on each backend: the assessment kept with its input,
// result, assessor and time, newest first; the calculation for assessors only, saving nothing; every
// problem with the document answered 400 with where it is; people the caller may not see, 404.
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, type TestSession } from '../../test/support/access.js';
import { type Bay, seedBay } from '../../test/support/bay.js';
import { backends, freshDatabaseEach } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { allMigrations } from '../joinedup.js';
import { migrate } from '../platform/index.js';
import { assessedContribution, currentAssessment, listAssessments, recordAssessment } from './assessments.js';
import { ChargeInputError } from './charging/index.js';

const weekly = (type: string, amount_pence: number) => ({ type, amount_pence, period: 'weekly' });
/** Knowsley's Example 1 (2024-25): £67.71 a week towards £391.95 (worked-examples.test.ts). */
const atHome = {
  setting: 'non_residential', financial_year: '2024-25', council: 'knowsley', person: { age: 22, disability_premium: true, enhanced_disability_premium: true }, capital_pence: 0,
  income: [weekly('universal_credit', 16_796), weekly('pip_daily_living_enhanced', 10_855), weekly('pip_mobility_enhanced', 7_575)],
  dre: [{ label: 'Laundry and bedding allowance', amount_pence: 642, period: 'weekly' }, { label: 'Clothing and footwear allowance', amount_pence: 618, period: 'weekly' }],
  weekly_cost_pence: 39_195,
};
/** Leeds's care home Example 1 (2024-25): £205.33 a week, the council £488.67. */
const inCareHome = {
  setting: 'residential', financial_year: '2024-25', person: { age: 80, pension_credit_age: true }, capital_pence: 500_000,
  income: [weekly('state_pension', 20_967), weekly('private_pension', 2_581)], weekly_cost_pence: 69_400,
};

describe.each(backends)('stored financial assessments ($name)', (backend) => {
  const db = freshDatabaseEach(backend, (d) => migrate(d, allMigrations()));
  const test = it.skipIf(!backend.available);

  test('keeps each assessment with its input and result; the latest is current; a reassessment adds one', async () => {
    expect(await currentAssessment(db(), 7)).toBeNull();
    expect(await assessedContribution(db(), 7, undefined)).toBeNull();
    const first = await recordAssessment(db(), { personId: 7, document: atHome, assessedBy: 'Sam Clarke (social-worker)', at: new Date('2025-01-10T10:00:00Z') });
    expect(first).toMatchObject({
      personId: '7', financialYear: '2024-25', setting: 'non_residential', weeklyChargePence: 6_771, councilPaysPence: 32_424, selfFunder: false,
      assessedBy: 'Sam Clarke (social-worker)', assessedAt: '2025-01-10T10:00:00.000Z', input: atHome,
    });
    expect(first.result.lines.at(-1)).toEqual({ label: 'Council pays', amount_pence: 32_424, kind: 'result' });
    const second = await recordAssessment(db(), { personId: 7, document: inCareHome, assessedBy: 'Sam Clarke (social-worker)', at: new Date('2025-03-02T09:00:00Z') });
    await recordAssessment(db(), { personId: 8, document: atHome, assessedBy: 'someone else' });
    const list = await listAssessments(db(), 7);
    expect(list.map((a) => [a.id, a.weeklyChargePence, a.councilPaysPence])).toEqual([[second.id, 20_533, 48_867], [first.id, 6_771, 32_424]]);
    expect(list[1]).toEqual(first);
    expect((await currentAssessment(db(), 7))?.id).toBe(second.id);
    expect((await currentAssessment(db(), 7, first.id))?.weeklyChargePence).toBe(6_771);
    expect(await currentAssessment(db(), 8, first.id)).toBeNull();
    expect(await currentAssessment(db(), 7, 'not-an-id')).toBeNull();
    expect(await assessedContribution(db(), 7, undefined)).toEqual({ assessmentId: second.id, weeklyChargePence: 20_533 });
  });

  test('stores nothing from a document with problems', async () => {
    const error = await recordAssessment(db(), { personId: 7, document: { ...atHome, income: [weekly('lottery', 5)] }, assessedBy: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChargeInputError);
    expect((error as ChargeInputError).problems).toEqual([{ path: '/income/0/type', message: expect.stringMatching(/^must be one of state_pension, /) as unknown }]);
    expect(await listAssessments(db(), 7)).toEqual([]);
  });
});

describe.each(backends)('financial assessments over HTTP ($name)', (backend) => {
  const fhir = fhirAppFor(backend);
  const test = it.skipIf(!backend.available);
  let bay: Bay;
  let coordinator: TestSession;
  let therapist: TestSession;
  beforeAll(async () => {
    if (!backend.available) return;
    bay = await seedBay(fhir.joinedUp());
    const { app, db } = fhir.joinedUp();
    coordinator = await signedInAs(app, db, { role: 'care-coordinator', name: 'Priya Shah', organisationId: 'bay-council' });
    therapist = await signedInAs(app, db, { role: 'occupational-therapist', name: 'Owen Price', organisationId: 'bay-council' });
  }, 120_000);

  test('calculates for assessors and saves nothing; refuses other roles and no one signed in', async () => {
    const answer = await bay.post('/api/finance/charge', atHome, therapist);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ weekly_charge_pence: 6_771, council_pays_pence: 32_424, tariff_income_pence: 0, self_funder: false, mig_pence: 16_030, financial_year: '2024-25' });
    expect((answer.body.lines as { label: string }[]).map((l) => l.label)).toContain('Less disregarded income: no night care element (PIP daily living component (enhanced rate))');
    expect((await bay.post('/api/finance/charge', inCareHome, bay.as.social)).body).toMatchObject({ weekly_charge_pence: 20_533, council_pays_pence: 48_867, pea_pence: 3_015 });
    expect((await bay.post('/api/finance/charge', atHome, bay.as.gp)).body).toMatchObject({ status: 403, code: 'role_not_allowed' });
    expect((await fhir.joinedUp().app.inject({ method: 'POST', url: '/api/finance/charge', payload: atHome })).statusCode).toBe(401);
    const { rows } = await fhir.joinedUp().db.query<{ n: number }>('SELECT count(*)::int AS n FROM finance.financial_assessment');
    expect(rows[0]?.n).toBe(0);
  });

  test('answers a document with problems 400 finance_input_invalid, each problem where it is in the body', async () => {
    const bad = await bay.post('/api/finance/charge', { ...atHome, financial_year: '2031-32', income: [{ type: 'esa', amount_pence: 100, period: 'daily' }] }, bay.as.social);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, code: 'finance_input_invalid' });
    expect(bad.body.errors).toEqual([
      { where: 'body', path: '/financial_year', message: expect.stringMatching(/^must be a financial year the engine has figures for/) as unknown },
      { where: 'body', path: '/income/0/period', message: 'must be one of weekly, four_weekly, monthly, annual' },
    ]);
    expect((await bay.post('/api/finance/charge', [1, 2], bay.as.social)).body).toMatchObject({
      status: 400, code: 'finance_input_invalid', errors: [{ where: 'body', path: '', message: expect.stringMatching(/^must be an object/) as unknown }],
    });
  });

  test('offers the form its years, income types, periods and councils', async () => {
    const { status, body } = await bay.get('/api/finance/charging/years', coordinator);
    expect(status).toBe(200);
    const years = body.years as { financialYear: string; from: string; personalExpensesAllowancePence: number; mig: Record<string, number> }[];
    expect(years.map((y) => [y.financialYear, y.from, y.personalExpensesAllowancePence])).toEqual([['2023-24', '2023-04-10', 2_825], ['2024-25', '2024-04-08', 3_015], ['2025-26', '2025-04-07', 3_065]]);
    expect(years[1]?.mig.singlePensionCreditAgePence).toBe(22_870);
    expect(body.periods).toEqual(['weekly', 'four_weekly', 'monthly', 'annual']);
    expect(body.incomeTypes).toContainEqual({ type: 'pip_mobility_enhanced', label: 'PIP mobility component (enhanced rate)', treatment: 'disregarded' });
    expect((body.councils as { id: string }[]).map((c) => c.id)).toContain('knowsley');
    expect((await bay.get('/api/finance/charging/years', bay.as.commissioner)).status).toBe(403);
  });

  test('keeps a person\'s assessments, newest first, for those who may see the person; 404 for others', async () => {
    const cara = bay.ids.cara;
    const made = await bay.post(`/api/people/${cara}/financial-assessments`, atHome, bay.as.social);
    expect(made.status).toBe(201);
    const assessment = made.body.assessment as Record<string, unknown>;
    expect(assessment).toMatchObject({
      personId: String(cara), financialYear: '2024-25', setting: 'non_residential', weeklyChargePence: 6_771, councilPaysPence: 32_424, selfFunder: false,
      assessedBy: 'Sam Clarke (Social worker, bay-council)', input: atHome, result: { weekly_charge_pence: 6_771 },
    });
    expect(Date.parse(String(assessment.assessedAt))).not.toBeNaN();
    const again = await bay.post(`/api/people/${cara}/financial-assessments`, inCareHome, coordinator);
    expect(again.status).toBe(201);
    const list = await bay.get(`/api/people/${cara}/financial-assessments`, bay.as.social);
    expect(list.status).toBe(200);
    expect((list.body.assessments as { id: string; weeklyChargePence: number }[]).map((a) => a.weeklyChargePence)).toEqual([20_533, 6_771]);
    expect((list.body.assessments as { id: string }[])[1]?.id).toBe(assessment.id);
    // Ann is not someone the council's social worker may see; no one is person 99999999.
    for (const id of [bay.ids.ann, 99_999_999]) {
      expect((await bay.post(`/api/people/${id}/financial-assessments`, atHome, bay.as.social)).body).toMatchObject({ status: 404, code: 'person_not_found' });
      expect((await bay.get(`/api/people/${id}/financial-assessments`, bay.as.social)).status).toBe(404);
    }
    expect((await bay.get(`/api/people/${cara}/financial-assessments`, therapist)).status).toBe(403);
    const refused = await bay.post(`/api/people/${cara}/financial-assessments`, { ...atHome, weekly_cost_pence: -1 }, bay.as.social);
    expect(refused.body).toMatchObject({ status: 400, code: 'finance_input_invalid', errors: [{ where: 'body', path: '/weekly_cost_pence' }] });
    expect(((await bay.get(`/api/people/${cara}/financial-assessments`, bay.as.social)).body.assessments as unknown[]).length).toBe(2);
  });
});
