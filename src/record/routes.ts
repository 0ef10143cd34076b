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
import { listSources, registerSource, searchPeople, SearchQueryError } from '../people/index.js';
import type { RouteDeps } from '../platform/index.js';
import { recordError } from './errors.js';
import { importFile, importKinds, type ImportKind } from './import.js';
import { importReport, listImports, personStory, personTimeline } from './story.js';

const Source = Type.Object({ id: Type.String(), name: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Line = Type.Object({ text: Type.String(), code: Nullable(Type.String()), since: Nullable(Type.String()), source: Source });
const Counts = Type.Object({ read: Type.Number(), stored: Type.Number(), unchanged: Type.Number(), versioned: Type.Number(), rejected: Type.Number(), issues: Type.Number() });
const ImportRunSchema = Type.Object({
  id: Type.String(), source: Source, file: Type.String(), kind: Type.String(), status: Type.String(), startedAt: Type.String(),
  finishedAt: Nullable(Type.String()), error: Nullable(Type.String()), counts: Counts,
});
const PersonId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });


export const recordRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db } = deps;

  app.get('/api/people', {
    schema: {
      summary: 'Find people by name (typos tolerated), NHS number, date of birth or postcode',
      tags: ['record'],
      querystring: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
    },
  }, async (request) => {
    try {
      return await searchPeople(db, request.query.q, request.query.limit ?? 20);
    } catch (error) {
      if (error instanceof SearchQueryError) throw recordError('search_query_invalid', error.message);
      throw error;
    }
  });

  app.get('/api/people/:id', {
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
  }, async (request) => personStory(db, Number(request.params.id)));

  app.get('/api/people/:id/timeline', {
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
    return personTimeline(db, Number(request.params.id), {
      ...(sources ? { sources } : {}), ...(kinds ? { kinds } : {}),
      ...(request.query.before !== undefined ? { before: request.query.before } : {}), ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
    });
  });

  app.get('/api/sources', { schema: { summary: 'Registered source systems', tags: ['record'] } }, async () => ({ sources: await listSources(db) }));

  app.post('/api/sources', {
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

  app.get('/api/imports', { schema: { summary: 'Import runs, newest first', tags: ['record'], response: { 200: Type.Object({ imports: Type.Array(ImportRunSchema) }) } } }, async () => ({ imports: await listImports(db) }));

  app.get('/api/imports/:id', {
    schema: {
      summary: 'One import run and a page of its data-quality report',
      tags: ['record'],
      params: PersonId,
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
    },
  }, async (request) => importReport(db, Number(request.params.id), request.query));

  app.get('/api/imports/:id/issues', {
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
