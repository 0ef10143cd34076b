/**
 * Care Act charging over HTTP (docs/finance/charging.md): the financial assessment as a calculation
 * (saves nothing), what the assessment form offers (years, income types, periods, councils), and a
 * person's stored assessments. The body is the `joinedup charge` input document, checked by the
 * engine so that every problem comes back at once with its JSON Pointer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maySeePerson } from '../../people/index.js';
import { actorOf, personScopeOf, type RouteDeps } from '../../platform/index.js';
import { recordError } from '../../record/index.js';
import { listAssessments, recordAssessment } from '../assessments.js';
import { ChargeInputError, chargeOf, chargingRates, councilPolicies, incomeTypes, periodRules, periods } from '../charging/index.js';
import { financeError } from '../errors.js';

const Pence = Type.Integer({ description: 'integer pence' });
const PersonId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
// Any JSON: the engine checks the document itself, so that every problem is answered as finance_input_invalid with its path.
const Document = Type.Unknown({
  description: 'The `joinedup charge` input document: setting, financial_year, person, capital_pence, income, housing_costs, dre, weekly_cost_pence, policy, property (docs/finance/charging.md)',
});
const Result = Type.Object({
  weekly_charge_pence: Pence, council_pays_pence: Pence, tariff_income_pence: Pence, self_funder: Type.Boolean(),
  lines: Type.Array(Type.Object({ label: Type.String(), amount_pence: Type.Integer(), kind: Type.String({ enum: ['capital', 'income', 'total', 'less', 'result'] }) })),
}, { additionalProperties: true, description: 'The result document; also financial_year, capital_note, mig_pence, pea_pence, notes, rates_used, property, deferred_payment …' });
const Assessment = Type.Object({
  id: Type.String(), personId: Type.String(), financialYear: Type.String(), setting: Type.String({ enum: ['non_residential', 'residential'] }),
  weeklyChargePence: Pence, councilPaysPence: Pence, selfFunder: Type.Boolean(), assessedAt: Type.String(), assessedBy: Type.String(),
  input: Type.Object({}, { additionalProperties: true }), result: Result,
});

/** Staff who assess and arrange care and support; the calculation holds no person data. */
const assessors = ['social-worker', 'care-coordinator', 'occupational-therapist', 'administrator'] as const;
const calculatorAccess = { access: { roles: assessors, personData: false } } as const;
const personAccess = { access: { roles: ['social-worker', 'care-coordinator'], personData: true } } as const;

/** The engine's refusal as the API's: 400 finance_input_invalid, each problem where it is in the body. */
const refused = (error: unknown): unknown => {
  if (!(error instanceof ChargeInputError)) return error;
  return financeError('finance_input_invalid', `The assessment cannot be made: ${error.problems.length} problem(s) with the document.`,
    error.problems.map((p) => ({ where: 'body', path: p.path, message: p.message })));
};

export const chargingRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db } = deps;

  app.post('/api/finance/charge', {
    config: calculatorAccess,
    schema: {
      summary: 'The Care Act financial assessment of an input document: weekly charge, what the council pays, and the calculation line by line. Saves nothing.',
      tags: ['finance'], body: Document, response: { 200: Result },
    },
  }, async (request) => {
    try {
      return chargeOf(request.body);
    } catch (error) {
      throw refused(error);
    }
  });

  app.get('/api/finance/charging/years', {
    config: calculatorAccess,
    schema: {
      summary: 'What the financial assessment form offers: the financial years with their figures, the income types and how each is treated, the periods, the councils\' policies',
      tags: ['finance'],
      response: {
        200: Type.Object({
          years: Type.Array(Type.Object({
            financialYear: Type.String(), from: Type.String(), to: Type.String(), source: Type.String(),
            lowerCapitalLimitPence: Pence, upperCapitalLimitPence: Pence, personalExpensesAllowancePence: Pence,
            mig: Type.Record(Type.String(), Pence), savingsCreditDisregardMaxPence: Type.Object({ single: Pence, couple: Pence }),
            derived: Type.Array(Type.String({ description: 'figures derived by arithmetic rather than published [D]' })),
          })),
          incomeTypes: Type.Array(Type.Object({ type: Type.String(), label: Type.String(), treatment: Type.String({ enum: ['counted', 'disability', 'savings_credit', 'partly_disregarded', 'disregarded'] }) })),
          periods: Type.Array(Type.String()),
          periodRules: Type.Array(Type.Object({ period: Type.String(), rule: Type.String() })),
          settings: Type.Array(Type.String()),
          councils: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), source: Type.String() })),
        }),
      },
    },
  }, async () => ({
    years: chargingRates.map((r) => ({
      financialYear: r.financialYear, from: r.from, to: r.to, source: r.source, lowerCapitalLimitPence: r.capital.lowerLimitPence, upperCapitalLimitPence: r.capital.upperLimitPence,
      personalExpensesAllowancePence: r.personalExpensesAllowancePence, mig: { ...r.mig },
      savingsCreditDisregardMaxPence: { single: r.savingsCreditDisregardMax.singlePence, couple: r.savingsCreditDisregardMax.couplePence }, derived: [...r.derived],
    })),
    incomeTypes: incomeTypes.map(({ type, label, treatment }) => ({ type, label, treatment })),
    periods: [...periods],
    periodRules: periods.map((period) => ({ period, rule: periodRules[period].text })),
    settings: ['non_residential', 'residential'],
    councils: councilPolicies.map(({ id, name, source }) => ({ id, name, source })),
  }));

  app.post('/api/people/:id/financial-assessments', {
    config: personAccess,
    schema: {
      summary: 'Assess the person\'s finances from the input document and keep the assessment (input, result, who, when)',
      tags: ['finance'], params: PersonId, body: Document, response: { 201: Type.Object({ assessment: Assessment }) },
    },
  }, async (request, reply) => {
    const id = Number(request.params.id);
    if (!(await maySeePerson(db, personScopeOf(request), id))) throw recordError('person_not_found', `There is no person ${id} you may see.`);
    const assessedBy = actorOf(request);
    let assessment;
    try {
      assessment = await recordAssessment(db, { personId: id, document: request.body, assessedBy });
    } catch (error) {
      throw refused(error);
    }
    deps.audit({
      actor: assessedBy, action: 'financial-assessment', resourceType: 'Person', resourceId: String(id), outcome: 201, requestId: request.id,
      reason: 'Care Act financial assessment', detail: `${assessment.financialYear} ${assessment.setting}: weekly charge ${assessment.weeklyChargePence} pence`,
    });
    return reply.code(201).send({ assessment });
  });

  app.get('/api/people/:id/financial-assessments', {
    config: personAccess,
    schema: {
      summary: 'The person\'s financial assessments, newest first',
      tags: ['finance'], params: PersonId, response: { 200: Type.Object({ assessments: Type.Array(Assessment) }) },
    },
  }, async (request) => {
    const id = Number(request.params.id);
    if (!(await maySeePerson(db, personScopeOf(request), id))) throw recordError('person_not_found', `There is no person ${id} you may see.`);
    return { assessments: await listAssessments(db, id) };
  });
};
