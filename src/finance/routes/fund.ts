/**
 * The pooled fund and personal budgets over HTTP (docs/finance/pooled-fund.md, personal-budgets.md):
 * funds and their position at a date, the care packages charged to a fund (people the reader may
 * see), actuals posted to the ledger, the resource allocation rules, and a person's money —
 * personal budget, direct payment, health budgets, packages and money lines by funder.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maySeePerson } from '../../people/index.js';
import { actorOf, IsoDate, Nullable, type PersonScope, personScopeOf, type RouteDeps } from '../../platform/index.js';
import { recordError } from '../../record/index.js';
import { assessedContribution } from '../assessments.js';
import { addHealthBudget, agreePersonalBudget, listRasRuleSets, personMoney, postDirectPayment, type DeliveryMechanism, type HealthBudgetInput } from '../budgets.js';
import { financeError } from '../errors.js';
import { arrangeCarePackage, carePackage, endCarePackage, fundPackages, fundPosition, listFunds, postActual, type Funder as FunderKind } from '../fund.js';
import type { Journal } from '../ledger.js';

const Pence = Type.Integer({ description: 'integer pence' });
const PersonId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const FundId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Funder = Type.String({ enum: ['council', 'icb', 'pooled', 'person'] });

const Fund = Type.Object({ id: Type.String(), name: Type.String(), financialYear: Type.String(), startDate: Type.String(), endDate: Type.String(), hostPartnerId: Nullable(Type.String()) });
const Figures = { budgetPence: Pence, committedPence: Pence, actualPence: Pence, forecastPence: Pence, variancePence: Pence };
const Position = Type.Object({
  fund: Fund,
  asOf: Type.String(),
  partners: Type.Array(Type.Object({
    id: Type.String(), name: Type.String(), kind: Type.String({ enum: ['icb', 'council'] }),
    contributionPence: Pence, actualPence: Pence, forecastPence: Pence, variancePence: Type.Integer({ description: 'forecast − contribution; positive an overspend' }),
  })),
  streams: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), partnerId: Type.String(), amountPence: Pence })),
  schemes: Type.Array(Type.Object({
    id: Type.String(), name: Type.String(), streamId: Nullable(Type.String({ description: 'the stream funding most of it' })), ...Figures,
    packages: Type.Integer({ description: 'care packages charged to the scheme that are live on asOf' }),
  })),
  totals: Type.Object(Figures),
  riskShare: Type.Object({
    description: Type.String(), overspendPence: Type.Integer({ description: 'forecast − budget; negative an underspend' }),
    shares: Type.Array(Type.Object({ partnerId: Type.String(), name: Type.String(), amountPence: Pence })),
    lines: Type.Array(Type.Object({ label: Type.String(), amountPence: Pence })),
  }),
});
const Package = Type.Object({
  id: Type.String(), personId: Type.String(), schemeId: Type.String(), fundId: Type.String(), weeklyCostPence: Pence, start: Type.String(), end: Nullable(Type.String()), funder: Funder,
});
const JournalOut = Type.Object({
  id: Type.String(), sequence: Type.Integer(), date: Type.String(), description: Type.String(), postedAt: Type.String(), postedBy: Type.String(),
  lines: Type.Array(Type.Object({
    line: Type.Integer(), account: Type.String(), amountPence: Type.Integer({ description: 'debit +, credit −' }),
    personId: Nullable(Type.Number()), schemeId: Nullable(Type.String()), funder: Nullable(Type.String()), memo: Nullable(Type.String()),
  })),
});
const PersonalBudget = Type.Object({
  id: Type.String(), indicativePence: Type.Integer({ description: 'weekly, by the resource allocation rules' }), agreedWeeklyPence: Pence, personContributionWeeklyPence: Pence,
  councilWeeklyPence: Pence, deliveryMechanism: Type.String({ enum: ['direct_payment', 'managed', 'commissioned'] }), start: Type.String(), end: Nullable(Type.String()),
  rasPoints: Type.Integer(), ruleSet: Type.String(), agreedBy: Type.String(), agreedAt: Type.String(),
});
const HealthBudget = Type.Object({
  id: Type.String(), kind: Type.String({ enum: ['chc', 's117', 'wheelchair', 'other'] }), weeklyPence: Pence,
  management: Type.String({ enum: ['direct_payment', 'notional', 'third_party', 'mixed'] }), start: Type.String(), end: Nullable(Type.String()),
});
const MoneyLine = Type.Object({ date: Type.String(), label: Type.String(), amountPence: Pence, funder: Type.String() });
const Money = Type.Object({
  personId: Type.String(),
  personalBudget: Nullable(PersonalBudget),
  directPayment: Nullable(Type.Object({ accountId: Type.String(), balancePence: Type.Integer({ description: 'paid in less surplus returned' }), lines: Type.Array(MoneyLine) })),
  healthBudgets: Type.Array(HealthBudget),
  packages: Type.Array(Package),
  moneyLines: Type.Array(MoneyLine),
});

/** Who runs the fund (commissioners) and who arranges care from it read its position; no person data. */
const fundReaders = { access: { roles: ['commissioner', 'social-worker', 'care-coordinator', 'administrator'], personData: false } } as const;
const packageReaders = { access: { roles: ['social-worker', 'care-coordinator'], personData: true } } as const;
const moneyReaders = { access: { roles: ['social-worker', 'care-coordinator', 'person', 'carer'], personData: true } } as const;
const socialWorker = { access: { roles: ['social-worker'], personData: true } } as const;
const healthBudgetWriters = { access: { roles: ['social-worker', 'care-coordinator'], personData: true } } as const;
const actualWriters = { access: { roles: ['commissioner', 'administrator'], personData: false } } as const;

const whoActs = (request: { signedIn?: { name: string }; system?: { name: string } }): string => request.signedIn?.name ?? request.system?.name ?? 'unknown';
const today = (): string => new Date().toISOString().slice(0, 10);
const journalOut = (j: Journal) => ({
  id: j.id, sequence: j.sequence, date: j.date, description: j.description, postedAt: j.postedAt, postedBy: j.postedBy,
  lines: j.lines.map((l) => ({ line: l.line, account: l.account, amountPence: l.amountPence, personId: l.personId ?? null, schemeId: l.schemeId ?? null, funder: l.funder ?? null, memo: l.memo ?? null })),
});

export const fundRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db } = deps;
  const seen = async (scope: PersonScope, id: number): Promise<number> => {
    if (!(await maySeePerson(db, scope, id))) throw recordError('person_not_found', `There is no person ${id} you may see.`);
    return id;
  };

  app.get('/api/finance/funds', {
    config: fundReaders,
    schema: { summary: 'The pooled funds (Better Care Fund / section 75), newest year first', tags: ['finance'], response: { 200: Type.Object({ funds: Type.Array(Fund) }) } },
  }, async () => ({ funds: await listFunds(db) }));

  app.get('/api/finance/funds/:id/position', {
    config: fundReaders,
    schema: {
      summary: 'A pooled fund\'s position at a date: budget, committed, actual, forecast and variance by scheme and partner, and the risk share',
      description: 'committed = cost of packages still to be delivered after asOf to the fund\'s end; actual = spend posted up to asOf; forecast = actual + committed; variance = forecast − budget (positive an overspend).',
      tags: ['finance'], params: FundId,
      querystring: Type.Object({ asOf: Type.Optional(IsoDate) }),
      response: { 200: Position },
    },
  }, async (request) => fundPosition(db, request.params.id, request.query.asOf ?? today()));

  app.get('/api/finance/funds/:id/packages', {
    config: packageReaders,
    schema: {
      summary: 'The care packages charged to a pooled fund, for the people you may see, a page at a time',
      tags: ['finance'], params: FundId,
      querystring: Type.Object({
        scheme: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        after: Type.Optional(Type.String({ maxLength: 20, description: 'the `next` of the page before' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'default 50' })),
      }),
      response: { 200: Type.Object({ packages: Type.Array(Type.Intersect([Package, Type.Object({ name: Type.String() })])), next: Nullable(Type.String()) }) },
    },
  }, async (request) => {
    const q = request.query;
    const page = await fundPackages(db, personScopeOf(request), request.params.id, {
      ...(q.scheme === undefined ? {} : { schemeId: q.scheme }), ...(q.after === undefined ? {} : { after: q.after }), ...(q.limit === undefined ? {} : { limit: q.limit }),
    });
    deps.audit({
      actor: actorOf(request), action: 'search', outcome: 200, reason: 'within legitimate relationships', requestId: request.id,
      detail: `GET ${request.url}: ${page.packages.length} packages of people ${[...new Set(page.packages.map((p) => p.personId))].join(', ')}`.slice(0, 500),
    });
    return page;
  });

  app.post('/api/finance/funds/:id/actuals', {
    config: actualWriters,
    schema: {
      summary: 'Post spend on a scheme to the ledger: an invoice received or a payment made',
      description: 'A retry with the same idempotencyKey (and body) answers 200 with the journal the first posting made.',
      tags: ['finance'], params: FundId,
      body: Type.Object({
        schemeId: Type.String({ minLength: 1, maxLength: 64 }), kind: Type.String({ enum: ['invoice', 'payment'] }), amountPence: Type.Integer({ minimum: 1 }), date: IsoDate,
        reference: Type.String({ minLength: 1, maxLength: 200 }), idempotencyKey: Type.String({ minLength: 1, maxLength: 150 }), personId: Type.Optional(Type.Integer({ minimum: 1 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ journal: JournalOut }), 201: Type.Object({ journal: JournalOut }) },
    },
  }, async (request, reply) => {
    const b = request.body;
    const journal = await postActual(db, request.params.id, { ...b, kind: b.kind as 'invoice' | 'payment', personId: b.personId ?? null }, whoActs(request));
    return reply.code(journal.replayed ? 200 : 201).send({ journal: journalOut(journal) });
  });

  const RuleSet = Type.Object({
    id: Type.String(), name: Type.String(), effectiveFrom: Type.String(), source: Type.String(),
    poundsPerPointPence: Type.Integer({ description: 'pence a week per point' }), minimumWeeklyPence: Pence,
    domains: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), levels: Type.Array(Type.Object({ level: Type.String(), label: Type.String(), points: Type.Integer() })) })),
  });
  app.get('/api/finance/ras', {
    config: { access: { roles: ['social-worker', 'care-coordinator', 'commissioner', 'administrator'], personData: false } },
    schema: {
      summary: 'The resource allocation rules: needs domains, their levels and points, and the price of a point',
      description: 'At the top level, the rule set in force today (or the earliest, if none is yet); `ruleSets` lists every set, latest first, by the date each took effect.',
      tags: ['finance'],
      response: { 200: Type.Intersect([RuleSet, Type.Object({ ruleSets: Type.Array(RuleSet) })]) },
    },
  }, async () => {
    const sets = (await listRasRuleSets(db)).map((r) => ({ id: r.id, name: r.name, effectiveFrom: r.effectiveFrom, source: r.source, ...r.rules }));
    const current = sets.find((r) => r.effectiveFrom <= today()) ?? sets.at(-1);
    if (current === undefined) throw financeError('no_ras_rules', 'No resource allocation rules are loaded.');
    return { ...current, ruleSets: sets };
  });

  app.get('/api/people/:id/money', {
    config: moneyReaders,
    schema: { summary: 'A person\'s money: personal budget, direct payment, health budgets, care packages and money lines by funder', tags: ['finance'], params: PersonId, response: { 200: Money } },
  }, async (request) => {
    const id = Number(request.params.id);
    // The access capability audits reads of 'person-data' routes; a route of named roles audits its own.
    const audit = (outcome: number, reason: string): void => {
      deps.audit({ actor: actorOf(request), action: 'read', resourceType: 'Person', resourceId: String(id), outcome, reason, requestId: request.id, detail: `GET ${request.url}`.slice(0, 500) });
    };
    if (!(await maySeePerson(db, personScopeOf(request), id))) {
      audit(404, 'refused: no legitimate relationship, or no such person');
      throw recordError('person_not_found', `There is no person ${id} you may see.`);
    }
    const money = await personMoney(db, id);
    audit(200, 'the person\'s money: personal budget, direct payment, health budgets, packages');
    return money;
  });

  app.post('/api/people/:id/personal-budgets', {
    config: socialWorker,
    schema: {
      summary: 'Agree a personal budget: indicative amount by the resource allocation rules, the person\'s contribution from their financial assessment, the council\'s amount',
      tags: ['finance'], params: PersonId,
      body: Type.Object({
        needs: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 64 })),
        agreedWeeklyPence: Type.Optional(Type.Integer({ minimum: 0 })),
        deliveryMechanism: Type.String({ enum: ['direct_payment', 'managed', 'commissioned'] }),
        start: IsoDate,
        assessmentId: Type.Optional(Type.String({ maxLength: 40 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ personalBudget: PersonalBudget }) },
    },
  }, async (request, reply) => {
    const id = await seen(personScopeOf(request), Number(request.params.id));
    const b = request.body;
    const personalBudget = await agreePersonalBudget(db, id, {
      needs: b.needs, deliveryMechanism: b.deliveryMechanism as DeliveryMechanism, start: b.start,
      ...(b.agreedWeeklyPence === undefined ? {} : { agreedWeeklyPence: b.agreedWeeklyPence }), ...(b.assessmentId === undefined ? {} : { assessmentId: b.assessmentId }),
    }, whoActs(request), assessedContribution);
    deps.audit({
      actor: actorOf(request), action: 'personal-budget', resourceType: 'Person', resourceId: String(id), outcome: 201, requestId: request.id,
      reason: `agreed ${personalBudget.agreedWeeklyPence}p a week (${personalBudget.deliveryMechanism})`, detail: `personal budget ${personalBudget.id}`,
    });
    return reply.code(201).send({ personalBudget });
  });

  app.post('/api/people/:id/direct-payments', {
    config: socialWorker,
    schema: {
      summary: 'Post to the person\'s direct-payment account: a payment in, or surplus returned',
      tags: ['finance'], params: PersonId,
      body: Type.Object({
        kind: Type.String({ enum: ['payment', 'surplus_returned'] }), amountPence: Type.Integer({ minimum: 1 }), date: IsoDate,
        reference: Type.String({ minLength: 1, maxLength: 200 }), idempotencyKey: Type.String({ minLength: 1, maxLength: 150 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ journal: JournalOut }), 201: Type.Object({ journal: JournalOut }) },
    },
  }, async (request, reply) => {
    const id = await seen(personScopeOf(request), Number(request.params.id));
    const b = request.body;
    const journal = await postDirectPayment(db, id, { ...b, kind: b.kind as 'payment' | 'surplus_returned' }, whoActs(request));
    if (!journal.replayed) {
      deps.audit({
        actor: actorOf(request), action: 'direct-payment', resourceType: 'Person', resourceId: String(id), outcome: 201, requestId: request.id,
        reason: `${b.kind} of ${b.amountPence}p`, detail: `journal ${journal.id}: ${b.reference}`,
      });
    }
    return reply.code(journal.replayed ? 200 : 201).send({ journal: journalOut(journal) });
  });

  app.post('/api/people/:id/care-packages', {
    config: packageReaders,
    schema: {
      summary: 'Arrange a care package for the person on a scheme of a pooled fund: its weekly cost is the fund\'s commitment from the start',
      tags: ['finance'], params: PersonId,
      body: Type.Object({
        fundId: Type.String({ minLength: 1, maxLength: 64 }), schemeId: Type.String({ minLength: 1, maxLength: 64 }), weeklyCostPence: Type.Integer({ minimum: 0 }),
        start: IsoDate, end: Type.Optional(Nullable(IsoDate)), funder: Type.Optional(Funder), description: Type.Optional(Type.String({ maxLength: 500 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ package: Package }) },
    },
  }, async (request, reply) => {
    const id = await seen(personScopeOf(request), Number(request.params.id));
    const { fundId, ...b } = request.body;
    const made = await arrangeCarePackage(db, fundId, { ...b, personId: id, funder: (b.funder ?? 'pooled') as FunderKind }, whoActs(request));
    deps.audit({
      actor: actorOf(request), action: 'care-package', resourceType: 'Person', resourceId: String(id), outcome: 201, requestId: request.id,
      reason: `care package on ${made.schemeId} of ${made.weeklyCostPence}p a week from ${made.start}`, detail: `care package ${made.id}`,
    });
    return reply.code(201).send({ package: made });
  });

  app.post('/api/finance/packages/:id/end', {
    config: packageReaders,
    schema: {
      summary: 'End a care package on its last day of care: the fund\'s commitment stops there',
      tags: ['finance'], params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
      body: Type.Object({ end: IsoDate }, { additionalProperties: false }),
      response: { 200: Type.Object({ package: Package }) },
    },
  }, async (request) => {
    // A package of someone the reader may not see is as unknown as one that does not exist.
    const found = await carePackage(db, request.params.id);
    if (found === null || !(await maySeePerson(db, personScopeOf(request), Number(found.personId)))) throw financeError('package_not_found', `There is no care package ${request.params.id} you may see.`);
    const ended = await endCarePackage(db, found.id, request.body.end);
    deps.audit({
      actor: actorOf(request), action: 'care-package', resourceType: 'Person', resourceId: ended.personId, outcome: 200, requestId: request.id,
      reason: `care package ${ended.id} ends ${ended.end ?? ''}`, detail: `care package ${ended.id}`,
    });
    return { package: ended };
  });

  app.post('/api/people/:id/health-budgets', {
    config: healthBudgetWriters,
    schema: {
      summary: 'Record an NHS personal health budget (CHC, section 117 after-care, wheelchair, other): the ICB\'s money line',
      tags: ['finance'], params: PersonId,
      body: Type.Object({
        kind: Type.String({ enum: ['chc', 's117', 'wheelchair', 'other'] }), weeklyPence: Type.Integer({ minimum: 0 }),
        management: Type.String({ enum: ['direct_payment', 'notional', 'third_party', 'mixed'] }), start: IsoDate, end: Type.Optional(Nullable(IsoDate)),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ healthBudget: HealthBudget }) },
    },
  }, async (request, reply) => {
    const id = await seen(personScopeOf(request), Number(request.params.id));
    const b = request.body;
    const healthBudget = await addHealthBudget(db, id, { ...b, kind: b.kind as HealthBudgetInput['kind'], management: b.management as HealthBudgetInput['management'] }, whoActs(request));
    deps.audit({
      actor: actorOf(request), action: 'health-budget', resourceType: 'Person', resourceId: String(id), outcome: 201, requestId: request.id,
      reason: `${healthBudget.kind} personal health budget of ${healthBudget.weeklyPence}p a week (${healthBudget.management})`, detail: `health budget ${healthBudget.id}`,
    });
    return reply.code(201).send({ healthBudget });
  });

};
