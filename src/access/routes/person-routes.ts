/**
 * The person's side of access, over HTTP: their choices about sharing (consent directives), who has
 * looked at their record, and carers they let see it; and the information-governance lead's reading
 * of the audit trail. Every change is in the audit trail.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { maySeePerson } from '../../people/index.js';
import { actorOf, Nullable, personScopeOf, type RouteDeps, type SignedIn } from '../../platform/index.js';
import { personAccessLog, searchAudit } from '../access-log.js';
import { verifyAudit } from '../audit.js';
import { consentDirective, consentDirectives, recordConsent, withdrawConsent, type ConsentDirective } from '../consent.js';
import { accessError } from '../errors.js';
import { disclosureControl, populationSummary, pseudonymisedPeople } from '../pseudonymised.js';
import {
  readerScope, addToCareTeam, careRoles, authoriseCarer, careTeamOf, carersOf, endCarerAccess, endCareTeamMembership, type CarerAccess, type CareTeamMember,
} from '../relationships.js';

type App = Parameters<FastifyPluginAsyncTypebox<RouteDeps>>[0];

const Problem = Type.Object({}, { additionalProperties: true });
const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const DirectiveSchema = Type.Object({
  id: Type.String(), personId: Type.String(), kind: Type.String({ enum: ['dissent', 'restrict'] }),
  organisation: Nullable(Type.Object({ id: Type.String(), name: Type.String(), odsCode: Nullable(Type.String()) })),
  note: Nullable(Type.String()), recordedBy: Type.String(), recordedAt: Type.String(), withdrawnBy: Nullable(Type.String()), withdrawnAt: Nullable(Type.String()),
});
const Page = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), before: Type.Optional(Type.Integer({ minimum: 1 })) });

const who = (request: FastifyRequest): SignedIn => {
  if (!request.signedIn) throw accessError('not_signed_in', 'Sign in as the person, or as staff who care for them.');
  return request.signedIn;
};

export function personRoutes(app: App, deps: RouteDeps): void {
  const { db } = deps;
  const seen = async (request: FastifyRequest, id: number): Promise<number> => {
    if (!(await maySeePerson(db, personScopeOf(request), id))) throw accessError('person_not_found', `There is no person ${id} you may see.`);
    return id;
  };
  const audited = (request: FastifyRequest, d: ConsentDirective, action: 'consent-recorded' | 'consent-withdrawn', outcome: number): void => {
    deps.audit({
      actor: actorOf(request), action, resourceType: 'Person', resourceId: d.personId, outcome, requestId: request.id,
      reason: d.kind === 'dissent' ? 'objects to sharing the record' : `keeps ${d.organisation?.name ?? ''} from the record`, detail: `consent directive ${d.id}${d.note ? `: ${d.note}` : ''}`,
    });
  };

  app.get('/api/people/:id/consent', {
    config: { access: 'person-data' },
    schema: {
      summary: 'The person\'s choices about sharing their record, in force and withdrawn, and the organisations a restriction can name',
      tags: ['access'], params: Id,
      response: { 200: Type.Object({ directives: Type.Array(DirectiveSchema), organisations: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() })) }), 404: Problem },
    },
  }, async (request) => {
    const id = await seen(request, Number(request.params.id));
    const organisations = await db.query<{ id: string; name: string; kind: string }>('SELECT id, name, kind FROM access.organisation ORDER BY name');
    return { directives: await consentDirectives(db, id), organisations: organisations.rows };
  });

  // The person, or staff who care for them on their behalf.
  const recorders = { access: { roles: ['person', ...careRoles], personData: true } } as const;
  app.post('/api/people/:id/consent', {
    config: recorders,
    schema: {
      summary: 'Record a choice: dissent (objects to sharing), or restrict (keeps one organisation from the record); also written as a FHIR Consent',
      tags: ['access'], params: Id,
      body: Type.Object({ kind: Type.String({ maxLength: 20 }), organisationId: Type.Optional(Type.String({ maxLength: 40 })), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: { 201: DirectiveSchema, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
    },
  }, async (request, reply) => {
    const id = await seen(request, Number(request.params.id));
    const recorded = await db.transaction((tx) => recordConsent(tx, id, request.body, who(request)));
    audited(request, recorded, 'consent-recorded', 201);
    return reply.code(201).send(recorded);
  });

  app.post('/api/consent/:id/withdraw', {
    config: recorders,
    schema: { summary: 'Withdraw a choice about sharing (it stays in the history)', tags: ['access'], params: Id, response: { 200: DirectiveSchema, 404: Problem, 409: Problem } },
  }, async (request) => {
    const before = await consentDirective(db, Number(request.params.id));
    await seen(request, Number(before.personId)).catch(() => {
      throw accessError('consent_not_found', `There is no consent directive ${request.params.id}.`);
    });
    const withdrawn = await db.transaction((tx) => withdrawConsent(tx, Number(request.params.id), who(request)));
    audited(request, withdrawn, 'consent-withdrawn', 200);
    return withdrawn;
  });

  const CarerSchema = Type.Object({
    id: Type.String(), personId: Type.String(), carer: Type.Object({ accountId: Type.String(), username: Type.String(), name: Type.String() }),
    reason: Type.String(), since: Type.String(), endedAt: Nullable(Type.String()),
  });
  const carerAudit = (request: FastifyRequest, c: CarerAccess, action: 'carer-authorised' | 'carer-ended'): void => {
    deps.audit({ actor: actorOf(request), action, resourceType: 'Person', resourceId: c.personId, outcome: 200, reason: `${c.carer.name}: ${c.reason}`, requestId: request.id, detail: `carer access ${c.id}` });
  };

  app.get('/api/people/:id/carers', {
    config: { access: 'person-data' },
    schema: { summary: 'The carers the person has let see their record', tags: ['access'], params: Id, response: { 200: Type.Object({ carers: Type.Array(CarerSchema) }), 404: Problem } },
  }, async (request) => ({ carers: await carersOf(db, await seen(request, Number(request.params.id))) }));

  app.post('/api/people/:id/carers', {
    config: { access: { roles: ['person'] } },
    schema: {
      summary: 'The person lets a carer (by the username of their carer account) see their record',
      tags: ['access'], params: Id,
      body: Type.Object({ username: Type.String({ maxLength: 128 }), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 201: CarerSchema, 400: Problem, 404: Problem },
    },
  }, async (request, reply) => {
    const id = Number(request.params.id);
    if (!(await maySeePerson(db, readerScope(request, who(request)), id))) throw accessError('person_not_found', `There is no person ${id} you may see.`);
    const carer = await authoriseCarer(db, id, who(request), request.body);
    carerAudit(request, carer, 'carer-authorised');
    return reply.code(201).send(carer);
  });

  app.post('/api/carers/:id/end', {
    config: { access: { roles: ['person'] } },
    schema: { summary: 'The person ends a carer\'s access to their record', tags: ['access'], params: Id, response: { 200: CarerSchema, 400: Problem, 404: Problem } },
  }, async (request) => {
    const ended = await endCarerAccess(db, Number(request.params.id), who(request));
    carerAudit(request, ended, 'carer-ended');
    return ended;
  });

  const MemberSchema = Type.Object({
    id: Type.String(), personId: Type.String(),
    member: Type.Object({ kind: Type.String({ enum: ['organisation', 'team', 'account'] }), id: Type.String(), name: Type.String() }),
    reason: Type.String(), addedBy: Nullable(Type.String()), since: Type.String(), endedAt: Nullable(Type.String()),
  });
  const teamAudit = (request: FastifyRequest, m: CareTeamMember, action: 'care-team-added' | 'care-team-ended'): void => {
    deps.audit({ actor: actorOf(request), action, resourceType: 'Person', resourceId: m.personId, outcome: 200, reason: `${m.member.name}: ${m.reason}`, requestId: request.id, detail: `care team membership ${m.id}` });
  };

  app.get('/api/people/:id/care-team', {
    config: { access: 'person-data' },
    schema: { summary: 'Who is on the person\'s care team (and so sees their record): organisations, teams and people', tags: ['access'], params: Id, response: { 200: Type.Object({ members: Type.Array(MemberSchema) }), 404: Problem } },
  }, async (request) => ({ members: await careTeamOf(db, await seen(request, Number(request.params.id))) }));

  app.post('/api/people/:id/care-team', {
    config: { access: { roles: careRoles, personData: true } },
    schema: {
      summary: 'Add an organisation, a team or a colleague to the person\'s care team, with why: they then see the record',
      tags: ['access'], params: Id,
      body: Type.Object({
        organisationId: Type.Optional(Type.String({ maxLength: 40 })), teamId: Type.Optional(Type.String({ maxLength: 40 })), username: Type.Optional(Type.String({ maxLength: 128 })),
        reason: Type.String({ maxLength: 500 }),
      }, { additionalProperties: false }),
      response: { 201: MemberSchema, 400: Problem, 403: Problem, 404: Problem },
    },
  }, async (request, reply) => {
    const id = await seen(request, Number(request.params.id));
    const added = await addToCareTeam(db, id, who(request), request.body);
    teamAudit(request, added, 'care-team-added');
    return reply.code(201).send(added);
  });

  app.post('/api/care-team/:id/end', {
    config: { access: { roles: careRoles, personData: true } },
    schema: { summary: 'End a care-team membership (and the access it gave)', tags: ['access'], params: Id, response: { 200: MemberSchema, 400: Problem, 404: Problem } },
  }, async (request) => {
    const { rows } = await db.query<{ person_id: number }>(
      `SELECT i.person_id FROM access.relationship rel JOIN people.identity i ON i.id = rel.identity_id WHERE rel.id = $1 AND rel.kind = 'care-team'`, [Number(request.params.id)],
    );
    const person = rows[0]?.person_id;
    if (person === undefined || !(await maySeePerson(db, personScopeOf(request), person))) throw accessError('care_team_not_found', `There is no care team membership ${request.params.id}.`);
    const ended = await endCareTeamMembership(db, Number(request.params.id), who(request));
    teamAudit(request, ended, 'care-team-ended');
    return ended;
  });

  app.get('/api/people/:id/access-log', {
    config: { access: { roles: ['person', 'ig-lead'] } },
    schema: {
      summary: 'Who has looked at this person\'s record: who, their role and organisation, when, what and why, newest first (for the person and the IG lead)',
      tags: ['access'], params: Id, querystring: Page,
      response: {
        200: Type.Object({
          entries: Type.Array(Type.Object({
            seq: Type.String(), at: Type.String(), who: Type.String(), role: Nullable(Type.String()), organisation: Nullable(Type.String()),
            action: Type.String(), what: Type.String(), why: Type.String(), outcome: Type.Integer(),
            times: Type.Integer({ description: 'the same look, repeated within five minutes, is one entry' }),
          })),
          next: Nullable(Type.String()),
        }),
        404: Problem,
      },
    },
  }, async (request) => {
    const id = Number(request.params.id);
    const signedIn = who(request);
    // The person sees their own log; the IG lead anyone's.
    if (signedIn.role === 'person' && !(await maySeePerson(db, readerScope(request, signedIn), id))) throw accessError('person_not_found', `There is no person ${id} whose log you may see.`);
    return personAccessLog(db, id, request.query);
  });

  const analysts = { access: { roles: ['commissioner'] } } as const;
  app.get('/api/analytics/people', {
    config: analysts,
    schema: {
      summary: 'Pseudonymised rows, one per person: a stable pseudonym, age band, sex, postcode district, practice, the kinds of system holding records, and activity over the year',
      description: 'Never names, addresses, dates of birth or NHS numbers; people who object to sharing are left out.',
      tags: ['access'],
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })), after: Type.Optional(Type.String({ maxLength: 40 })) }),
      response: {
        200: Type.Object({
          people: Type.Array(Type.Object({
            pseudonym: Type.String(), ageBand: Nullable(Type.String()), sex: Nullable(Type.String()), postcodeDistrict: Nullable(Type.String()), practice: Nullable(Type.String()),
            deceased: Type.Boolean(), sources: Type.Array(Type.String()),
            activity: Type.Object({ aeAttendances: Type.Integer(), admissions: Type.Integer(), gpContacts: Type.Integer(), communityVisits: Type.Integer(), careServices: Type.Integer() }),
          })),
          next: Nullable(Type.String()),
        }),
      },
    },
  }, async (request) => {
    const page = await pseudonymisedPeople(db, { ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}), ...(request.query.after !== undefined ? { after: request.query.after } : {}) });
    deps.audit({ actor: actorOf(request), action: 'pseudonymised-extract', outcome: 200, reason: 'commissioning and planning (pseudonymised)', requestId: request.id, detail: `${page.people.length} rows` });
    return page;
  });

  app.get('/api/analytics/population', {
    config: analysts,
    schema: {
      summary: `The population by practice, age band and sex, with A&E attendances and admissions over the year; counts 1–${disclosureControl.suppressBelow - 1} suppressed (null), the rest rounded to ${disclosureControl.roundTo}`,
      tags: ['access'],
      response: {
        200: Type.Object({
          cells: Type.Array(Type.Object({
            practice: Nullable(Type.String()), ageBand: Nullable(Type.String()), sex: Nullable(Type.String()),
            people: Nullable(Type.Integer()), aeAttendances: Nullable(Type.Integer()), admissions: Nullable(Type.Integer()),
          })),
          disclosureControl: Type.Object({ suppressBelow: Type.Integer(), roundTo: Type.Integer() }),
        }),
      },
    },
  }, async (request) => {
    const cells = await populationSummary(db);
    deps.audit({ actor: actorOf(request), action: 'aggregate', outcome: 200, reason: 'commissioning and planning (aggregates)', requestId: request.id, detail: `${cells.length} cells` });
    return { cells, disclosureControl };
  });

  const ig = { access: { roles: ['ig-lead'] } } as const;
  app.get('/api/audit', {
    config: ig,
    schema: {
      summary: 'Search the audit trail, newest first: by person, by who acted (part of the name) and by action',
      tags: ['access'],
      querystring: Type.Object({
        person: Type.Optional(Type.Integer({ minimum: 1 })), actor: Type.Optional(Type.String({ maxLength: 200 })), action: Type.Optional(Type.String({ maxLength: 40 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), before: Type.Optional(Type.Integer({ minimum: 1 })),
      }),
      response: {
        200: Type.Object({
          entries: Type.Array(Type.Object({
            seq: Type.String(), at: Type.String(), actor: Type.String(), action: Type.String(), resourceType: Nullable(Type.String()), resourceId: Nullable(Type.String()),
            outcome: Type.Integer(), reason: Type.String(), detail: Nullable(Type.String()),
          })),
          next: Nullable(Type.String()),
        }),
      },
    },
  }, async (request) => {
    const q = request.query;
    return searchAudit(db, {
      ...(q.person !== undefined ? { personId: q.person } : {}), ...(q.actor !== undefined ? { actor: q.actor } : {}), ...(q.action !== undefined ? { action: q.action } : {}),
      ...(q.before !== undefined ? { before: q.before } : {}), ...(q.limit !== undefined ? { limit: q.limit } : {}),
    });
  });

  app.get('/api/audit/verify', {
    config: ig,
    schema: {
      summary: 'Check the audit trail\'s hash chain: intact, or where it breaks',
      tags: ['access'],
      response: {
        200: Type.Object({
          ok: Type.Boolean(), entries: Type.Integer(), head: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
          breaks: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String(), message: Type.String() })),
        }),
      },
    },
  }, async () => {
    const checked = await verifyAudit(db);
    return { ok: checked.breaks.length === 0, entries: checked.entries, head: checked.head, breaks: checked.breaks.map((b) => ({ seq: b.seq, problem: b.problem, message: b.message })) };
  });
}
