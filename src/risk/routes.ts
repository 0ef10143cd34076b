/**
 * Case-finding over HTTP: the practices scored, a practice's worklist, a person's risk and why, and
 * the team's decisions (exclude, enrol with a coordinator, return to the list). Enrolling puts the
 * coordinator on the person's care team through `assignCoordinator`, which the composition root
 * gives (the care team belongs to access), in the same transaction as the decision.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maySeePerson } from '../people/index.js';
import { actorOf, AppError, isAppError, Nullable, personScopeOf, type Queryable, type RouteDeps, type SignedIn } from '../platform/index.js';
import { recordError } from '../record/index.js';
import { riskError } from './errors.js';
import { listModelVersions } from './store.js';
import { decide, exclusionReasons, personRisk, worklist, worklistPractices, type WorklistEntry } from './worklist.js';

export interface RiskRouteOptions {
  /** Puts the coordinator (a username) on the person's care team, with why; throws a 4xx error when they cannot be. */
  assignCoordinator: (db: Queryable, personId: number, by: SignedIn, coordinator: string, reason: string) => Promise<void>;
}

const PersonId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const Run = Type.Object({ id: Type.String(), modelVersion: Type.Number(), indexDate: Type.String(), finishedAt: Type.String(), people: Type.Number() });
const Entry = Type.Object({
  personId: Type.String(), name: Nullable(Type.String()), nhsNumber: Nullable(Type.String()), birthDate: Nullable(Type.String()), practice: Nullable(Type.String()),
  probability: Type.Number({ description: 'chance of an emergency admission in the 12 months from the run\'s index date' }),
  rank: Type.Number({ description: 'place in the practice, highest risk first' }),
  factors: Type.Array(Type.Object({ group: Type.String(), text: Type.String(), contribution: Type.Number({ description: 'log odds above the population\'s average' }) })),
  change: Nullable(Type.String({ enum: ['new', 'risen'] })), previousProbability: Nullable(Type.Number()),
  status: Type.String({ enum: ['listed', 'excluded', 'enrolled'] }),
  decision: Nullable(Type.Object({
    kind: Type.String(), reason: Type.String(), note: Nullable(Type.String()), coordinator: Nullable(Type.String()), decidedBy: Type.String(), decidedAt: Type.String(),
  })),
});

/** Staff who care for people read and decide on the lists; analysts see model versions (no person data). */
const careStaff = ['gp', 'practice-nurse', 'district-nurse', 'social-worker', 'occupational-therapist', 'care-coordinator', 'discharge-team'] as const;
const listAccess = { access: { roles: careStaff, personData: true } } as const;

export const riskRoutes = (options: RiskRouteOptions): FastifyPluginAsyncTypebox<RouteDeps> => async (app, deps) => {
  const { db } = deps;

  app.get('/api/risk/practices', {
    config: listAccess,
    schema: {
      summary: 'The GP practices scored in the latest case-finding run, with how many of their people you may see',
      tags: ['risk'],
      response: { 200: Type.Object({ run: Run, practices: Type.Array(Type.Object({ code: Type.String(), name: Nullable(Type.String()), people: Type.Number() })) }) },
    },
  }, async (request) => worklistPractices(db, personScopeOf(request)));

  app.get('/api/risk/worklist', {
    config: listAccess,
    schema: {
      summary: 'A practice\'s case-finding worklist: the people at highest risk of an emergency admission whom you may see, with why and what changed',
      tags: ['risk'],
      querystring: Type.Object({
        practice: Type.String({ minLength: 1, maxLength: 20 }),
        show: Type.Optional(Type.String({ enum: ['listed', 'excluded', 'enrolled'] })),
        top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'how many the list holds (the team\'s capacity); default 50' })),
      }),
      response: { 200: Type.Object({ run: Run, practice: Type.String(), top: Type.Number(), entries: Type.Array(Entry) }) },
    },
  }, async (request) => worklist(db, personScopeOf(request), {
    practice: request.query.practice, ...(request.query.top === undefined ? {} : { top: request.query.top }),
    ...(request.query.show === undefined ? {} : { show: request.query.show as WorklistEntry['status'] }),
  }));

  app.get('/api/people/:id/risk', {
    config: listAccess,
    schema: {
      summary: 'The person\'s risk of an emergency admission in the latest run, why, and the team\'s decision (null when not scored)',
      tags: ['risk'], params: PersonId,
      response: { 200: Type.Object({ risk: Nullable(Type.Intersect([Entry, Type.Object({ run: Run })])) }) },
    },
  }, async (request) => {
    const id = Number(request.params.id);
    if (!(await maySeePerson(db, personScopeOf(request), id))) throw recordError('person_not_found', `There is no person ${id} you may see.`);
    return { risk: await personRisk(db, personScopeOf(request), id) };
  });

  app.post('/api/people/:id/risk/decision', {
    config: listAccess,
    schema: {
      summary: 'Decide on a person on the case-finding list: exclude them (with why), enrol them with a coordinator, or return them to the list',
      description: `Exclusion reasons: ${Object.entries(exclusionReasons).map(([k, v]) => `${k} (${v})`).join(', ')}. Enrolling adds the coordinator to the person's care team.`,
      tags: ['risk'], params: PersonId,
      body: Type.Object({
        decision: Type.String({ enum: ['exclude', 'enrol', 'return'] }),
        reason: Type.Optional(Type.String({ maxLength: 40 })),
        note: Type.Optional(Type.String({ maxLength: 1000 })),
        coordinator: Type.Optional(Type.String({ maxLength: 128, description: 'the coordinator\'s username' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Intersect([Entry, Type.Object({ run: Run })]) },
    },
  }, async (request) => {
    const id = Number(request.params.id);
    const scope = personScopeOf(request);
    const signedIn = request.signedIn;
    if (signedIn === undefined) throw riskError('risk_input_invalid', 'Decisions are made by a member of staff signed in.');
    const body = request.body as { decision: 'exclude' | 'enrol' | 'return'; reason?: string; note?: string; coordinator?: string };
    const decided = await db.transaction(async (tx) => {
      const entry = await decide(tx, scope, id, body, signedIn.name);
      if (body.decision === 'enrol') {
        const reason = `Case management: enrolled from the case-finding list (risk ${(entry.probability * 100).toFixed(0)}%)${body.note?.trim() ? `: ${body.note.trim()}` : ''}`;
        await options.assignCoordinator(tx, id, signedIn, entry.decision?.coordinator ?? '', reason).catch((error: unknown) => {
          // The care team names the colleague "username"; here they are the coordinator.
          if (!isAppError(error)) throw error;
          throw new AppError(error, error.message, { errors: error.errors.map((e) => (e.path === 'username' ? { ...e, path: 'coordinator' } : e)) });
        });
      }
      return entry;
    });
    deps.audit({
      actor: actorOf(request), action: 'case-finding-decision', resourceType: 'Person', resourceId: String(id), outcome: 200, requestId: request.id,
      reason: `${decided.decision?.kind ?? body.decision}: ${decided.decision?.reason ?? ''}`, detail: decided.decision?.coordinator ? `coordinator ${decided.decision.coordinator}` : (decided.decision?.note ?? ''),
    });
    return decided;
  });

  app.get('/api/risk/models', {
    config: { access: { roles: [...careStaff, 'commissioner', 'administrator'] } },
    schema: {
      summary: 'Stored versions of the emergency-admission model: training date, size, whether active, and their temporal validation',
      tags: ['risk'],
      response: {
        200: Type.Object({
          models: Type.Array(Type.Object({
            version: Type.Number(), kind: Type.String(), basedOn: Nullable(Type.Number()), indexDate: Type.String(), people: Type.Number(), events: Type.Number(),
            createdAt: Type.String(), createdBy: Type.String(), active: Type.Boolean(),
            validation: Nullable(Type.Object({ indexDate: Type.String(), auroc: Type.Number(), calibrationSlope: Type.Number(), calibrationInTheLarge: Type.Number(), ppvAtOnePercent: Type.Number() })),
          })),
        }),
      },
    },
  }, async () => ({
    models: (await listModelVersions(db)).map(({ model: _model, evaluation, id: _id, ...v }) => ({
      ...v,
      validation: evaluation === null ? null : {
        indexDate: evaluation.index_date, auroc: evaluation.auroc, calibrationSlope: evaluation.calibration_slope,
        calibrationInTheLarge: evaluation.calibration_in_the_large, ppvAtOnePercent: evaluation.ppv_at['0.01'] ?? 0,
      },
    })),
  }));
};
