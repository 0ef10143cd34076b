/**
 * Case-finding worklists (DOMAIN.md §9): per GP practice, the people at highest risk in the latest
 * scoring run whom the reader may see, highest first, with why each is there and what changed since
 * the run before (new on the list, risen); the team's decisions on them (excluded as already
 * case-managed, at the end of life or opted out; enrolled with a named coordinator; returned to the
 * list), every decision kept. Lists never reveal people the reader may not see.
 */
import { sourcePriority } from '../people/index.js';
import { errorCode, type PersonScope, type Queryable } from '../platform/index.js';
import { riskError } from './errors.js';
import type { Factor } from './model.js';

export const exclusionReasons = {
  'case-managed': 'Already case-managed',
  'end-of-life': 'At the end of life',
  'opted-out': 'Opted out of case-finding',
  other: 'Another reason',
} as const;
export type ExclusionReason = keyof typeof exclusionReasons;

export interface Decision {
  kind: 'excluded' | 'enrolled' | 'returned';
  reason: string;
  note: string | null;
  coordinator: string | null;
  decidedBy: string;
  decidedAt: string;
}

export interface WorklistEntry {
  personId: string;
  name: string | null;
  nhsNumber: string | null;
  birthDate: string | null;
  practice: string | null;
  probability: number;
  rank: number;
  factors: Factor[];
  /** Against the run before: not on its list, or on it with a risk at least a quarter higher. */
  change: 'new' | 'risen' | null;
  previousProbability: number | null;
  status: 'listed' | 'excluded' | 'enrolled';
  decision: Decision | null;
}

export interface RunInfo {
  id: string;
  modelVersion: number;
  indexDate: string;
  finishedAt: string;
  people: number;
}

interface EntryRow {
  person_id: string;
  practice: string | null;
  probability: number;
  practice_rank: number;
  factors: Factor[];
  previous: number | null;
  previous_rank: number | null;
  kind: Decision['kind'] | null;
  reason: string | null;
  note: string | null;
  coordinator: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

/** The latest finished run and the one before it; throws no_scores when there is none. */
export async function latestRuns(db: Queryable): Promise<{ run: RunInfo; previous: string | null }> {
  const { rows } = await db.query<{ id: string; version: number; index_date: string; finished_at: Date; people: number }>(
    `SELECT r.id::text AS id, m.version, r.index_date::text AS index_date, r.finished_at, r.people
       FROM risk.score_run r JOIN risk.model_version m ON m.id = r.model_version_id
      WHERE r.status = 'done' ORDER BY r.finished_at DESC, r.id DESC LIMIT 2`,
  );
  const [last, before] = rows;
  if (!last) throw riskError('no_scores');
  return { run: { id: last.id, modelVersion: last.version, indexDate: last.index_date, finishedAt: new Date(last.finished_at).toISOString(), people: last.people }, previous: before?.id ?? null };
}

const latestDecision = `LEFT JOIN LATERAL (
    SELECT d.kind, d.reason, d.note, d.coordinator, d.decided_by, d.decided_at FROM risk.decision d
     WHERE d.person_id = s.person_id ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) d ON true`;

const statusOf = (kind: Decision['kind'] | null): WorklistEntry['status'] => (kind === 'excluded' ? 'excluded' : kind === 'enrolled' ? 'enrolled' : 'listed');

async function entries(db: Queryable, rows: readonly EntryRow[], top: number): Promise<WorklistEntry[]> {
  const ids = rows.map((r) => Number(r.person_id));
  const { rows: identities } = await db.query<{ person_id: string; source_id: string; name: string | null; nhs_number: string | null; birth_date: string | null }>(
    `SELECT person_id::text AS person_id, source_id, nullif(trim(concat_ws(' ', given, family)), '') AS name, nhs_number, birth_date::text AS birth_date
       FROM people.identity WHERE person_id = ANY($1::bigint[]) ORDER BY id`,
    [ids],
  );
  // Each detail from the most trusted source that holds it (GP first), as on the person page.
  identities.sort((a, b) => sourcePriority(a.source_id) - sourcePriority(b.source_id));
  const best = new Map<string, { name: string | null; nhs: string | null; birth: string | null }>();
  for (const i of identities) {
    const held = best.get(i.person_id);
    best.set(i.person_id, { name: held?.name ?? i.name, nhs: held?.nhs ?? i.nhs_number, birth: held?.birth ?? i.birth_date });
  }
  return rows.map((r) => {
    const who = best.get(r.person_id);
    const onBefore = r.previous_rank !== null && r.previous_rank <= top;
    return {
      personId: r.person_id, name: who?.name ?? null, nhsNumber: who?.nhs ?? null, birthDate: who?.birth ?? null, practice: r.practice,
      probability: r.probability, rank: r.practice_rank, factors: r.factors,
      change: !onBefore ? 'new' : r.previous !== null && r.probability >= 1.25 * r.previous ? 'risen' : null,
      previousProbability: r.previous,
      status: statusOf(r.kind),
      decision: r.kind === null ? null : {
        kind: r.kind, reason: r.reason ?? '', note: r.note, coordinator: r.coordinator, decidedBy: r.decided_by ?? '', decidedAt: new Date(r.decided_at ?? 0).toISOString(),
      },
    };
  });
}

export interface WorklistQuery {
  practice: string;
  /** How many people the list holds (the team's capacity); default 50. */
  top?: number;
  /** The list itself (people not decided on), or those excluded or enrolled. */
  show?: WorklistEntry['status'];
}

/** One practice's worklist in the latest run, among the people the scope lets the reader see. */
export async function worklist(db: Queryable, scope: PersonScope, query: WorklistQuery): Promise<{ run: RunInfo; practice: string; top: number; entries: WorklistEntry[] }> {
  const top = query.top ?? 50;
  const show = query.show ?? 'listed';
  const { run, previous } = await latestRuns(db);
  const params: unknown[] = [run.id, previous, query.practice, top];
  const visible = scope.condition('s.person_id', params);
  const status = show === 'listed' ? `(d.kind IS NULL OR d.kind = 'returned')` : `d.kind = '${show === 'excluded' ? 'excluded' : 'enrolled'}'`;
  const { rows } = await db.query<EntryRow>(
    `SELECT s.person_id::text AS person_id, s.practice, s.probability, s.practice_rank, s.factors, p.probability AS previous, p.practice_rank AS previous_rank,
            d.kind, d.reason, d.note, d.coordinator, d.decided_by, d.decided_at
       FROM risk.score s
       LEFT JOIN risk.score p ON p.run_id = $2 AND p.person_id = s.person_id
       ${latestDecision}
      WHERE s.run_id = $1 AND s.practice = $3 AND ${status} AND (${visible})
      ORDER BY s.practice_rank LIMIT $4`,
    params,
  );
  return { run, practice: query.practice, top, entries: await entries(db, rows, top) };
}

/** The practices scored in the latest run, with how many people the reader may see in each. */
export async function worklistPractices(db: Queryable, scope: PersonScope): Promise<{ run: RunInfo; practices: { code: string; name: string | null; people: number }[] }> {
  const { run } = await latestRuns(db);
  const params: unknown[] = [run.id];
  const { rows } = await db.query<{ practice: string; people: number }>(
    `SELECT s.practice, count(*)::int AS people FROM risk.score s WHERE s.run_id = $1 AND s.practice IS NOT NULL AND (${scope.condition('s.person_id', params)})
      GROUP BY s.practice ORDER BY s.practice`,
    params,
  );
  const { rows: names } = await db.query<{ code: string; name: string | null }>(
    `SELECT DISTINCT ON (source_key) source_key AS code, payload->>'name' AS name FROM record.source_record
      WHERE current AND resource_type = 'Organization' AND source_key = ANY($1::text[]) ORDER BY source_key, id DESC`,
    [rows.map((r) => r.practice)],
  );
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  return { run, practices: rows.map((r) => ({ code: r.practice, name: nameOf.get(r.practice) ?? null, people: r.people })) };
}

/** One person's place in the latest run (for their page), or null when they were not scored or are not seen. */
export async function personRisk(db: Queryable, scope: PersonScope, personId: number, top = 50): Promise<(WorklistEntry & { run: RunInfo }) | null> {
  const { run, previous } = await latestRuns(db).catch((error: unknown) => {
    if (errorCode(error) === 'no_scores') return { run: null, previous: null };
    throw error;
  });
  if (run === null) return null;
  const params: unknown[] = [run.id, previous, personId];
  const { rows } = await db.query<EntryRow>(
    `SELECT s.person_id::text AS person_id, s.practice, s.probability, s.practice_rank, s.factors, p.probability AS previous, p.practice_rank AS previous_rank,
            d.kind, d.reason, d.note, d.coordinator, d.decided_by, d.decided_at
       FROM risk.score s LEFT JOIN risk.score p ON p.run_id = $2 AND p.person_id = s.person_id
       ${latestDecision}
      WHERE s.run_id = $1 AND s.person_id = $3 AND (${scope.condition('s.person_id', params)})`,
    params,
  );
  const [entry] = await entries(db, rows, top);
  return entry === undefined ? null : { ...entry, run };
}

export interface DecisionInput {
  decision: 'exclude' | 'enrol' | 'return';
  reason?: string | undefined;
  note?: string | undefined;
  coordinator?: string | undefined;
}

/** Checks a decision before it is made; the route assigns the coordinator in the same transaction. */
export function decisionProblems(input: DecisionInput): { where: string; path: string; message: string }[] {
  const problems: { where: string; path: string; message: string }[] = [];
  if (input.decision === 'exclude' && !(input.reason !== undefined && Object.hasOwn(exclusionReasons, input.reason))) {
    problems.push({ where: 'body', path: 'reason', message: `say why: one of ${Object.keys(exclusionReasons).join(', ')}` });
  }
  if (input.decision === 'exclude' && input.reason === 'other' && (input.note ?? '').trim().length < 3) problems.push({ where: 'body', path: 'note', message: 'say what the other reason is' });
  if (input.decision === 'enrol' && (input.coordinator ?? '').trim() === '') problems.push({ where: 'body', path: 'coordinator', message: 'name the coordinator (their username)' });
  if ((input.note ?? '').length > 1000) problems.push({ where: 'body', path: 'note', message: 'at most 1,000 characters' });
  return problems;
}

/** Records a decision on a person in the latest run whom the reader may see; throws not_on_list otherwise. */
export async function decide(db: Queryable, scope: PersonScope, personId: number, input: DecisionInput, by: string): Promise<WorklistEntry & { run: RunInfo }> {
  const problems = decisionProblems(input);
  if (problems.length > 0) throw riskError('risk_input_invalid', `${problems.length} problem(s) with the decision.`, problems);
  const current = await personRisk(db, scope, personId);
  if (current === null) throw riskError('not_on_list', `Person ${personId} is not on the latest case-finding list, or not one you may see.`);
  if (input.decision === 'return' && current.status === 'listed') throw riskError('risk_input_invalid', `Person ${personId} is on the list already.`, [{ where: 'body', path: 'decision', message: 'only someone excluded or enrolled can be returned to the list' }]);
  const kind = input.decision === 'exclude' ? 'excluded' : input.decision === 'enrol' ? 'enrolled' : 'returned';
  await db.query(
    `INSERT INTO risk.decision (person_id, kind, reason, note, coordinator, run_id, probability, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [personId, kind, kind === 'excluded' ? input.reason : kind, input.note?.trim() || null, kind === 'enrolled' ? (input.coordinator ?? '').trim().toLowerCase() : null, current.run.id, current.probability, by],
  );
  const after = await personRisk(db, scope, personId);
  if (after === null) throw riskError('not_on_list');
  return after;
}
