/**
 * One person's story, read back from every source: the header (who they are, alerts), the summary
 * (active problems, medicines, allergies, current social care, unpaid carers, frailty) and one
 * timeline across every source with filters by source and kind. Also the import runs and their
 * data-quality reports.
 */
import { personDetails, type IdentityView, type PersonDetails, type SourceRef } from '../people/index.js';
import { everyone, type PersonScope, type Queryable } from '../platform/index.js';
import { recordError } from './errors.js';
import { entryKinds, type EntryKind } from './model.js';

export interface SummaryLine {
  text: string;
  code: string | null;
  since: string | null;
  source: SourceRef;
}

export interface PersonStory {
  id: string;
  header: Omit<PersonDetails, 'id' | 'identities' | 'practice'> & {
    practice: { code: string; name: string | null } | null;
    alerts: { text: string; since: string | null; source: SourceRef }[];
  };
  summary: {
    problems: SummaryLine[];
    medications: SummaryLine[];
    allergies: SummaryLine[];
    services: SummaryLine[];
    carers: SummaryLine[];
    frailty: SummaryLine | null;
  };
  identities: Omit<IdentityView, 'identityId'>[];
}

interface SummaryRow {
  section: string;
  text: string;
  code: string | null;
  since: string | null;
  active: boolean | null;
  source_id: string;
  source_name: string;
}

/** " AND <the entries of `e` the scope lets the reader see>", or nothing when it hides none. */
function entriesInScope(scope: PersonScope, params: unknown[]): string {
  const condition = scope.records?.({ id: 'e.record_id', sourceId: 'e.source_id', personId: 'e.person_id' }, params);
  return condition === undefined ? '' : ` AND ${condition}`;
}

/** The person's header, summary and the records of theirs the scope shows; throws person_not_found for an unknown id. */
export async function personStory(db: Queryable, personId: number, scope: PersonScope = everyone, today = new Date()): Promise<PersonStory> {
  const details = await personDetails(db, personId, today);
  if (!details) throw recordError('person_not_found', `There is no person ${personId}.`);
  const params: unknown[] = [personId];
  const { rows } = await db.query<SummaryRow>(
    `SELECT e.summary_section AS section, e.summary_text AS text, e.summary_code AS code, e.summary_since AS since, e.summary_active AS active,
            e.source_id, s.name AS source_name
       FROM record.entry e JOIN people.source_system s ON s.id = e.source_id
      WHERE e.person_id = $1 AND e.summary_section IS NOT NULL${entriesInScope(scope, params)}
      ORDER BY e.summary_since DESC NULLS LAST, e.record_id DESC`,
    params,
  );
  const lines = (section: string, activeOnly = true): SummaryLine[] => {
    const seen = new Set<string>();
    const out: SummaryLine[] = [];
    for (const r of rows) {
      if (r.section !== section || (activeOnly && r.active !== true)) continue;
      // The same problem or medicine from two sources is one line (the most recent).
      const key = r.code ?? r.text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ text: r.text, code: r.code, since: r.since, source: { id: r.source_id, name: r.source_name } });
    }
    return out;
  };
  const practiceName = details.practice
    ? (await db.query<{ name: string | null }>(
        `SELECT payload->>'name' AS name FROM record.source_record
          WHERE current AND resource_type = 'Organization' AND (source_key = $1 OR payload::jsonb->'identifier' @> $2::jsonb) LIMIT 1`,
        [details.practice, JSON.stringify([{ value: details.practice }])],
      )).rows[0]?.name ?? null
    : null;
  return {
    id: details.id,
    header: {
      name: details.name, nhsNumber: details.nhsNumber, birthDate: details.birthDate, age: details.deceased ? null : details.age, sex: details.sex,
      address: details.address, postcode: details.postcode, practice: details.practice ? { code: details.practice, name: practiceName } : null,
      deceased: details.deceased,
      alerts: lines('alert').map((l) => ({ text: l.text, since: l.since, source: l.source })),
    },
    summary: {
      problems: lines('problem'),
      medications: lines('medication'),
      allergies: lines('allergy'),
      services: lines('service'),
      carers: [...lines('carer'), ...(await carersOf(db, personId, scope))],
      frailty: lines('frailty', false)[0] ?? null,
    },
    identities: details.identities.map(({ identityId: _id, ...rest }) => rest),
  };
}

/**
 * The person's unpaid carers as the council knows them: carers whose Client Level Data rows name this
 * person as the one they care for, or, failing that, the council's note that the person has one.
 */
async function carersOf(db: Queryable, personId: number, scope: PersonScope): Promise<SummaryLine[]> {
  const params: unknown[] = [personId];
  const records = scope.records?.({ id: 'r.id', sourceId: 'r.source_id', personId: 'r.person_id' }, params);
  const seen = records === undefined ? '' : ` AND ${records}`;
  const { rows } = await db.query<{ name: string | null; started: string | null; has_carer: boolean; source_id: string; source_name: string }>(
    `WITH mine AS (
       SELECT DISTINCT i.source_id, i.local_id FROM people.identity i WHERE i.person_id = $1)
     SELECT nullif(trim(concat_ws(' ', ci.given, ci.family)), '') AS name, min(r.payload->>'Event_Start_Date') AS started, false AS has_carer,
            r.source_id, s.name AS source_name
       FROM mine m
       JOIN record.source_record r ON r.current AND r.resource_type = 'CldEvent' AND r.source_id = m.source_id AND r.payload->>'Cared_For_Person' = m.local_id${seen}
       JOIN people.identity ci ON ci.id = r.identity_id
       JOIN people.source_system s ON s.id = r.source_id
      GROUP BY 1, 4, 5
     UNION ALL
     SELECT NULL, NULL, true, r.source_id, s.name
       FROM record.source_record r JOIN people.source_system s ON s.id = r.source_id
      WHERE r.current AND r.person_id = $1 AND r.resource_type = 'CldEvent' AND r.payload->>'Has_Unpaid_Carer' = 'Yes'${seen}
      LIMIT 20`,
    params,
  );
  const named = rows.filter((r) => !r.has_carer);
  const lines = named.map((r) => ({ text: `Cared for by ${r.name ?? 'an unpaid carer'}`, code: null, since: r.started, source: { id: r.source_id, name: r.source_name } }));
  const noted = rows.find((r) => r.has_carer);
  if (lines.length === 0 && noted) lines.push({ text: 'Has an unpaid carer', code: null, since: null, source: { id: noted.source_id, name: noted.source_name } });
  return lines;
}

export interface TimelineQuery {
  sources?: readonly string[];
  kinds?: readonly string[];
  /** Cursor from a previous page. */
  before?: string;
  limit?: number;
}

export interface TimelineEntry {
  id: string;
  date: string;
  endDate: string | null;
  kind: string;
  kindLabel: string;
  title: string;
  detail: Record<string, string>;
  source: SourceRef;
}

export interface Timeline {
  entries: TimelineEntry[];
  kinds: { kind: string; label: string; count: number }[];
  sources: { id: string; name: string; count: number }[];
  next: string | null;
}

const label = (kind: string): string => (kind in entryKinds ? entryKinds[kind as EntryKind] : kind);

/** One page of the person's timeline, newest first, with the counts the filters show. */
export async function personTimeline(db: Queryable, personId: number, query: TimelineQuery = {}, scope: PersonScope = everyone): Promise<Timeline> {
  const known = await db.query<{ id: number }>('SELECT id FROM people.person WHERE id = $1', [personId]);
  if (known.rows.length === 0) throw recordError('person_not_found', `There is no person ${personId}.`);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  const [beforeDate, beforeId] = decodeCursor(query.before);
  const params: unknown[] = [personId, limit + 1];
  let where = `e.person_id = $1 AND e.kind IS NOT NULL${entriesInScope(scope, params)}`;
  if (query.sources && query.sources.length > 0) {
    params.push(query.sources);
    where += ` AND e.source_id = ANY($${params.length}::text[])`;
  }
  if (query.kinds && query.kinds.length > 0) {
    params.push(query.kinds);
    where += ` AND e.kind = ANY($${params.length}::text[])`;
  }
  if (beforeDate !== undefined) {
    params.push(beforeDate, beforeId);
    where += ` AND (e.occurred, e.record_id) < ($${params.length - 1}::text, $${params.length}::int8)`;
  }
  const page = await db.query<{ record_id: number; occurred: string; end_date: string | null; kind: string; title: string; detail: Record<string, string> | null; source_id: string; source_name: string }>(
    `SELECT e.record_id, e.occurred, e.end_date, e.kind, e.title, e.detail, e.source_id, s.name AS source_name
       FROM record.entry e JOIN people.source_system s ON s.id = e.source_id
      WHERE ${where} ORDER BY e.occurred DESC, e.record_id DESC LIMIT $2`,
    params,
  );
  const facetParams: unknown[] = [personId];
  const facets = await db.query<{ kind: string; source_id: string; source_name: string; n: number }>(
    `SELECT e.kind, e.source_id, s.name AS source_name, count(*)::int8 AS n
       FROM record.entry e JOIN people.source_system s ON s.id = e.source_id
      WHERE e.person_id = $1 AND e.kind IS NOT NULL${entriesInScope(scope, facetParams)} GROUP BY 1, 2, 3`,
    facetParams,
  );
  const kinds = new Map<string, number>();
  const sources = new Map<string, { name: string; count: number }>();
  for (const f of facets.rows) {
    kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + f.n);
    const s = sources.get(f.source_id) ?? { name: f.source_name, count: 0 };
    s.count += f.n;
    sources.set(f.source_id, s);
  }
  const rows = page.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  return {
    entries: rows.map((r) => ({
      id: String(r.record_id), date: r.occurred, endDate: r.end_date, kind: r.kind, kindLabel: label(r.kind), title: r.title,
      detail: r.detail ?? {}, source: { id: r.source_id, name: r.source_name },
    })),
    kinds: [...kinds].map(([kind, count]) => ({ kind, label: label(kind), count })).sort((a, b) => a.label.localeCompare(b.label)),
    sources: [...sources].map(([id, s]) => ({ id, name: s.name, count: s.count })).sort((a, b) => a.name.localeCompare(b.name)),
    next: page.rows.length > limit && last ? Buffer.from(JSON.stringify([last.occurred, last.record_id])).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string | undefined): [string | undefined, number | undefined] {
  if (cursor === undefined || cursor === '') return [undefined, undefined];
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number') return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw recordError('search_query_invalid', 'The timeline cursor is not one this server gave out.');
}

export interface ImportRun {
  id: string;
  source: SourceRef;
  file: string;
  kind: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  counts: { read: number; stored: number; unchanged: number; versioned: number; rejected: number; issues: number };
}

const importColumns = `r.id, r.source_id, s.name AS source_name, r.file, r.kind, r.status, r.started_at, r.finished_at, r.error,
  r.read, r.stored, r.unchanged, r.versioned, r.rejected, r.issues`;

interface ImportRow {
  id: number; source_id: string; source_name: string; file: string; kind: string; status: string; started_at: string; finished_at: string | null; error: string | null;
  read: number; stored: number; unchanged: number; versioned: number; rejected: number; issues: number;
}

function importRun(r: ImportRow): ImportRun {
  return {
    id: String(r.id), source: { id: r.source_id, name: r.source_name }, file: r.file, kind: r.kind, status: r.status,
    startedAt: new Date(r.started_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null, error: r.error,
    counts: { read: r.read, stored: r.stored, unchanged: r.unchanged, versioned: r.versioned, rejected: r.rejected, issues: r.issues },
  };
}

/** Recent import runs, newest first. */
export async function listImports(db: Queryable, limit = 200): Promise<ImportRun[]> {
  const { rows } = await db.query<ImportRow>(`SELECT ${importColumns} FROM record.import_run r JOIN people.source_system s ON s.id = r.source_id ORDER BY r.id DESC LIMIT $1`, [limit]);
  return rows.map(importRun);
}

/** One import run and a page of its data-quality report. */
export async function importReport(db: Queryable, id: number, page: { limit?: number; offset?: number } = {}): Promise<{ run: ImportRun; issues: { location: { file: string | null; line: number | null; entry: number | null; field: string | null }; code: string; message: string; rejected: boolean }[]; total: number }> {
  const run = (await db.query<ImportRow>(`SELECT ${importColumns} FROM record.import_run r JOIN people.source_system s ON s.id = r.source_id WHERE r.id = $1`, [id])).rows[0];
  if (!run) throw recordError('import_not_found', `There is no import ${id}.`);
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 1000);
  const issues = await db.query<{ file: string | null; line: number | null; entry: number | null; field: string | null; code: string; message: string; rejected: boolean }>(
    'SELECT file, line, entry, field, code, message, rejected FROM record.data_quality_issue WHERE import_id = $1 ORDER BY id LIMIT $2 OFFSET $3',
    [id, limit, Math.max(page.offset ?? 0, 0)],
  );
  return {
    run: importRun(run),
    issues: issues.rows.map((i) => ({ location: { file: i.file, line: i.line, entry: i.entry, field: i.field }, code: i.code, message: i.message, rejected: i.rejected })),
    total: run.issues,
  };
}
