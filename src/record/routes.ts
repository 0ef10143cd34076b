/**
 * The shared record over HTTP: person search, one person's story and timeline, source systems,
 * imports (a file sent as the request body, streamed to disk and imported like the CLI does) and
 * their data-quality reports. Handlers are the same functions the CLI and tests call.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  decideReview, listReviews, listSources, maySeePerson, mergeById, mergePeople, personMerges, registerSource, reviewItem, searchPeople, SearchQueryError, unmergePeople,
} from '../people/index.js';
import { actorOf, Nullable, personScopeOf, type RouteDeps } from '../platform/index.js';
import { recordError } from './errors.js';
import { importFile, importKinds, type ImportKind } from './import.js';
import { moveRecordsOfIdentities } from './store.js';
import { importReport, listImports, personStory, personTimeline } from './story.js';

const Source = Type.Object({ id: Type.String(), name: Type.String() });
const Line = Type.Object({ text: Type.String(), code: Nullable(Type.String()), since: Nullable(Type.String()), source: Source });
const Counts = Type.Object({ read: Type.Number(), stored: Type.Number(), unchanged: Type.Number(), versioned: Type.Number(), rejected: Type.Number(), issues: Type.Number() });
const ImportRunSchema = Type.Object({
  id: Type.String(), source: Source, file: Type.String(), kind: Type.String(), status: Type.String(), startedAt: Type.String(),
  finishedAt: Nullable(Type.String()), error: Nullable(Type.String()), counts: Counts,
});
const PersonId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });

const ReviewIdentity = Type.Object({
  identityId: Type.String(), personId: Type.String(), source: Source, localId: Type.String(), name: Nullable(Type.String()), nhsNumber: Nullable(Type.String()),
  birthDate: Nullable(Type.String()), sex: Nullable(Type.String()), address: Nullable(Type.String()), postcode: Nullable(Type.String()),
});
const ReviewItem = Type.Object({
  id: Type.String(), status: Type.String({ enum: ['open', 'same', 'different', 'unsure'] }), matchWeight: Type.Number(), matchProbability: Type.Number(),
  explanation: Type.Object({
    prior: Type.Number({ description: 'log2 of the prior odds of a match' }),
    fields: Type.Array(Type.Object({
      field: Type.String(), label: Type.String(), left: Nullable(Type.String({ description: "the arriving identity's value" })),
      right: Nullable(Type.String({ description: "the candidate's value" })), level: Type.String(), weight: Type.Number({ description: 'bits: positive for a match, negative against' }),
    })),
  }),
  identity: ReviewIdentity, candidate: ReviewIdentity, samePerson: Type.Boolean(), createdAt: Type.String(),
  decidedBy: Nullable(Type.String()), decidedAt: Nullable(Type.String()), note: Nullable(Type.String()),
});
const Merge = Type.Object({
  id: Type.String(), fromPerson: Type.String(), intoPerson: Type.String(),
  identities: Type.Array(Type.Object({ identityId: Type.String(), source: Source, localId: Type.String(), name: Nullable(Type.String()), personId: Type.String() })),
  reason: Nullable(Type.String()), mergedBy: Type.String(), mergedAt: Type.String(), undoneBy: Nullable(Type.String()), undoneAt: Nullable(Type.String()), canUndo: Type.Boolean(),
});
/** The name kept with a decision or merge: the person signed in, or the system whose token was used. */
const whoActs = (request: { signedIn?: { name: string }; system?: { name: string } }): string => request.signedIn?.name ?? request.system?.name ?? 'unknown';


// Who may call what: person data through a legitimate relationship (the caller's PersonScope);
// the person index's review queue and the installation's sources and imports for administrators.
const personData = { access: 'person-data' } as const;
const administrators = { access: { roles: ['administrator'] } } as const;

export const recordRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db } = deps;
  /** 404 for a person who does not exist or whom the caller may not see: the two look alike. */
  const seen = async (request: { personScope?: unknown } & Parameters<typeof personScopeOf>[0], id: number): Promise<number> => {
    if (!(await maySeePerson(db, personScopeOf(request), id))) throw recordError('person_not_found', `There is no person ${id} you may see.`);
    return id;
  };

  app.get('/api/people', {
    config: personData,
    schema: {
      summary: 'Find people by name (typos tolerated), NHS number, date of birth or postcode',
      tags: ['record'],
      querystring: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
    },
  }, async (request) => {
    try {
      return await searchPeople(db, request.query.q, request.query.limit ?? 20, personScopeOf(request));
    } catch (error) {
      if (error instanceof SearchQueryError) throw recordError('search_query_invalid', error.message);
      throw error;
    }
  });

  app.get('/api/people/:id', {
    config: personData,
    schema: {
      summary: "One person's story: header, alerts, summary and the records each system holds",
      tags: ['record'],
      params: PersonId,
      response: {
        200: Type.Object({
          id: Type.String(),
          header: Type.Object({
            name: Type.String(), nhsNumber: Nullable(Type.String()), birthDate: Nullable(Type.String()), age: Nullable(Type.Number()), sex: Nullable(Type.String()),
            address: Nullable(Type.String()), postcode: Nullable(Type.String()), practice: Nullable(Type.Object({ code: Type.String(), name: Nullable(Type.String()) })),
            deceased: Nullable(Type.String()), alerts: Type.Array(Type.Object({ text: Type.String(), since: Nullable(Type.String()), source: Source })),
          }),
          summary: Type.Object({
            problems: Type.Array(Line), medications: Type.Array(Line), allergies: Type.Array(Line), services: Type.Array(Line), carers: Type.Array(Line), frailty: Nullable(Line),
          }),
          identities: Type.Array(Type.Object({
            source: Source, localId: Type.String(), nhsNumber: Nullable(Type.String()), name: Nullable(Type.String()), birthDate: Nullable(Type.String()),
            postcode: Nullable(Type.String()), linkedBy: Type.String(),
          })),
        }),
      },
    },
  }, async (request) => personStory(db, await seen(request, Number(request.params.id)), personScopeOf(request)));

  app.get('/api/people/:id/timeline', {
    config: personData,
    schema: {
      summary: "One person's timeline across every source, newest first",
      tags: ['record'],
      params: PersonId,
      querystring: Type.Object({
        source: Type.Optional(Type.String({ maxLength: 500 })), kind: Type.Optional(Type.String({ maxLength: 500 })),
        before: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      }),
    },
  }, async (request) => {
    const list = (v: string | undefined): string[] | undefined => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
    const sources = list(request.query.source);
    const kinds = list(request.query.kind);
    return personTimeline(db, await seen(request, Number(request.params.id)), {
      ...(sources ? { sources } : {}), ...(kinds ? { kinds } : {}),
      ...(request.query.before !== undefined ? { before: request.query.before } : {}), ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
    }, personScopeOf(request));
  });

  app.get('/api/linkage/reviews', {
    config: administrators,
    schema: {
      summary: 'The linkage review queue: pairs waiting (most likely first), put aside as not sure, or decided (newest first)',
      tags: ['linkage'],
      querystring: Type.Object({
        status: Type.Optional(Type.String({ enum: ['open', 'unsure', 'decided'] })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(ReviewItem), next: Nullable(Type.String()), counts: Type.Object({ open: Type.Number(), unsure: Type.Number(), decided: Type.Number() }) }) },
    },
  }, async (request) => listReviews(db, { status: request.query.status as 'open' | 'unsure' | 'decided' | undefined, limit: request.query.limit ?? 20, cursor: request.query.cursor }));

  app.get('/api/linkage/reviews/:id', {
    config: administrators,
    schema: { summary: 'One review item: both identities and the evidence field by field', tags: ['linkage'], params: PersonId, response: { 200: ReviewItem } },
  }, async (request) => reviewItem(db, Number(request.params.id)));

  app.post('/api/linkage/reviews/:id/decision', {
    config: administrators,
    schema: {
      summary: 'Decide a review item: the same person (the two people are merged), different people, or not sure',
      description: '"same" merges the arriving identity\'s person into the candidate\'s, with their records; "same" and "different" bind later linkage. The decision is recorded as the person signed in.',
      tags: ['linkage'], params: PersonId,
      body: Type.Object({ decision: Type.String({ enum: ['same', 'different', 'unsure'] }), note: Type.Optional(Type.String({ maxLength: 2000 })) }),
      response: { 200: Type.Object({ review: ReviewItem, merge: Nullable(Merge) }) },
    },
  }, async (request) => {
    const { decision, note } = request.body;
    const by = whoActs(request);
    const decided = await db.transaction((tx) => decideReview(tx, Number(request.params.id), decision as 'same' | 'different' | 'unsure', by, note?.trim() || null, moveRecordsOfIdentities));
    deps.audit({
      actor: actorOf(request), action: 'link-decision', resourceType: 'LinkReview', resourceId: request.params.id, outcome: 200, reason: `decided ${decision}`, requestId: request.id,
      detail: `identity ${decided.review.identity.identityId} and ${decided.review.candidate.identityId}${decided.merge ? `; merge ${decided.merge.id}` : ''}${note?.trim() ? `: ${note.trim()}` : ''}`,
    });
    return decided;
  });

  app.post('/api/people/:id/merge', {
    config: personData,
    schema: {
      summary: 'Merge this person into another: every record of theirs moves to `into`, and this person is kept as merged away',
      description: 'Undo with POST /api/merges/<id>/undo. The merge is recorded as the person signed in.',
      tags: ['linkage'], params: PersonId,
      body: Type.Object({ into: Type.String({ pattern: '^[0-9]{1,18}$' }), reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
      response: { 201: Merge },
    },
  }, async (request, reply) => {
    const by = whoActs(request);
    await seen(request, Number(request.params.id));
    await seen(request, Number(request.body.into));
    const merge = await db.transaction((tx) =>
      mergePeople(tx, { from: Number(request.params.id), into: Number(request.body.into), by, reason: request.body.reason.trim() }, moveRecordsOfIdentities));
    deps.audit({
      actor: actorOf(request), action: 'merge', resourceType: 'Person', resourceId: merge.fromPerson, outcome: 201, reason: request.body.reason.trim(), requestId: request.id,
      detail: `merge ${merge.id}: person ${merge.fromPerson} into ${merge.intoPerson}, identities ${merge.identities.map((i) => i.identityId).join(', ')}`,
    });
    return reply.code(201).send(merge);
  });

  app.get('/api/people/:id/merges', {
    config: personData,
    schema: { summary: 'The merges into and out of a person, newest first, undone ones included', tags: ['linkage'], params: PersonId, response: { 200: Type.Object({ merges: Type.Array(Merge) }) } },
  }, async (request) => {
    const merges = await personMerges(db, await seen(request, Number(request.params.id)));
    if (merges === undefined) throw recordError('person_not_found', `There is no person ${request.params.id}.`);
    return { merges };
  });

  app.post('/api/merges/:id/undo', {
    config: personData,
    schema: {
      summary: 'Undo a merge: the records it moved go back, and the two are kept apart from then on',
      description: 'The undoing is recorded as the person signed in.', tags: ['linkage'], params: PersonId,
      response: { 200: Merge },
    },
  }, async (request) => {
    const by = whoActs(request);
    await seen(request, Number((await mergeById(db, Number(request.params.id))).intoPerson));
    const merge = await db.transaction((tx) => unmergePeople(tx, Number(request.params.id), by, moveRecordsOfIdentities));
    deps.audit({
      actor: actorOf(request), action: 'unmerge', resourceType: 'Person', resourceId: merge.fromPerson, outcome: 200, reason: 'merge undone', requestId: request.id,
      detail: `merge ${merge.id}: person ${merge.fromPerson} out of ${merge.intoPerson}`,
    });
    return merge;
  });

  app.get('/api/sources', { config: { access: 'signed-in' }, schema: { summary: 'Registered source systems', tags: ['record'] } }, async () => ({ sources: await listSources(db) }));

  app.post('/api/sources', {
    config: administrators,
    schema: {
      summary: 'Register a source system (or update one)',
      tags: ['record'],
      body: Type.Object({
        id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }), name: Type.String({ minLength: 1, maxLength: 200 }),
        kind: Type.String({ enum: ['gp', 'hospital', 'community', 'council', 'voluntary', 'other'] }), odsCode: Type.Optional(Type.String({ maxLength: 20 })),
      }),
    },
  }, async (request, reply) => {
    await registerSource(db, request.body);
    return reply.code(201).send({ sources: await listSources(db) });
  });

  app.get('/api/imports', { config: administrators, schema: { summary: 'Import runs, newest first', tags: ['record'], response: { 200: Type.Object({ imports: Type.Array(ImportRunSchema) }) } } }, async () => ({ imports: await listImports(db) }));

  app.get('/api/imports/:id', {
    config: administrators,
    schema: {
      summary: 'One import run and a page of its data-quality report',
      tags: ['record'],
      params: PersonId,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
    },
  }, async (request) => importReport(db, Number(request.params.id), request.query));

  app.get('/api/imports/:id/issues', {
    config: administrators,
    schema: {
      summary: 'A page of the data-quality report of one import',
      tags: ['record'],
      params: PersonId,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
    },
  }, async (request) => {
    const report = await importReport(db, Number(request.params.id), request.query);
    return { issues: report.issues, total: report.total };
  });

  // The import itself takes the file as the raw body, whatever its type, streamed to a temporary file.
  await app.register(async (plain) => {
    const upload = plain.withTypeProvider<TypeBoxTypeProvider>();
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', (_request, payload, done) => {
      done(null, payload);
    });
    upload.post('/api/import', {
      config: administrators,
      bodyLimit: 2 * 2 ** 30,
      schema: {
        summary: 'Import a file from a source system: FHIR JSON or NDJSON, or a documented CSV',
        tags: ['record'],
        querystring: Type.Object({
          source: Type.String({ maxLength: 40 }), kind: Type.Optional(Type.String({ enum: [...importKinds] })),
          file: Type.Optional(Type.String({ maxLength: 300 })),
        }),
      },
    }, async (request, reply) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'joinedup-import-'));
      const name = path.basename(request.query.file ?? `upload${extensionFor(request.headers['content-type'])}`);
      const file = path.join(dir, name);
      try {
        await pipeline(request.body as Readable, createWriteStream(file));
        const summary = await importFile(db, {
          sourceId: request.query.source, file, label: request.query.file ?? `upload ${new Date().toISOString()}`,
          ...(request.query.kind !== undefined ? { kind: request.query.kind as ImportKind } : {}),
        });
        return await reply.code(summary.status === 'done' ? 201 : 422).send(summary);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
};

function extensionFor(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.includes('ndjson') || type.includes('jsonl')) return '.ndjson';
  if (type.includes('json')) return '.json';
  if (type.includes('csv')) return '.csv';
  return '';
}
