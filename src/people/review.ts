/**
 * The linkage review queue: pairs of identities the linker could neither link nor keep apart, each
 * with its evidence (Fellegi–Sunter: the prior's log-odds and each field's weight in bits), waiting
 * for a person to decide. "Same" merges the two people; "different" keeps them apart; both are kept
 * as decisions the linker must respect. "Not sure" puts the pair aside in a list of its own.
 */
import type { ErrorLocation, Queryable } from '../platform/index.js';
import { peopleError } from './errors.js';
import type { Explanation } from './linkage/score.js';
import { type FollowIdentities, mergePeople, type PersonMerge } from './merges.js';
import type { SourceRef } from './people-view.js';

export type ReviewStatus = 'open' | 'same' | 'different' | 'unsure';
export type ReviewDecision = 'same' | 'different' | 'unsure';
/** The lists of the queue: waiting, put aside as not sure, and decided (same or different). */
export type ReviewList = 'open' | 'unsure' | 'decided';

/** One field's evidence: its comparison level and that level's weight in bits (positive for a match, negative against). */
export interface ReviewField {
  field: string;
  label: string;
  /** The arriving identity's value. */
  left: string | null;
  /** The candidate's value. */
  right: string | null;
  level: string;
  weight: number;
}

export interface ReviewExplanation {
  /** log2 of the prior odds of a match. */
  prior: number;
  fields: ReviewField[];
}

/** What the linker puts in the queue. */
export interface ReviewItemInput {
  /** The arriving identity. */
  identityId: number;
  /** The best-matching identity of the candidate person. */
  candidateIdentityId: number;
  matchWeight: number;
  matchProbability: number;
  explanation: ReviewExplanation;
}

/** One side of a pair, as the source holds it, with the person it is linked to now. */
export interface ReviewIdentity {
  identityId: string;
  personId: string;
  source: SourceRef;
  localId: string;
  name: string | null;
  nhsNumber: string | null;
  birthDate: string | null;
  sex: string | null;
  address: string | null;
  postcode: string | null;
}

export interface ReviewItem {
  id: string;
  status: ReviewStatus;
  matchWeight: number;
  matchProbability: number;
  explanation: ReviewExplanation;
  identity: ReviewIdentity;
  candidate: ReviewIdentity;
  /** Both identities are already with the same person (linked since the pair was queued). */
  samePerson: boolean;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

export interface ReviewPage {
  items: ReviewItem[];
  /** Cursor of the next page, or null on the last. */
  next: string | null;
  counts: Record<ReviewList, number>;
}

const labels: Readonly<Record<string, string>> = {
  nhs_number: 'NHS number', given: 'Given name', family: 'Family name', birth_date: 'Date of birth', sex: 'Sex', postcode: 'Postcode',
  address_line: 'Address', town: 'Town', phone: 'Phone', practice: 'GP practice',
};

/** A scored pair of identities as a review item: the evidence field by field, labelled for people. */
export function reviewItemFor(identityId: number, candidateIdentityId: number, explanation: Explanation): ReviewItemInput {
  return {
    identityId,
    candidateIdentityId,
    matchWeight: explanation.weight,
    matchProbability: explanation.probability,
    explanation: {
      prior: explanation.priorWeight,
      fields: explanation.fields.map((f) => ({ field: f.field, label: labels[f.field] ?? f.field, left: f.left ?? null, right: f.right ?? null, level: f.level, weight: f.weight })),
    },
  };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const textOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const validId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

function problemsOf(item: ReviewItemInput, i: number): ErrorLocation[] {
  const at = (path: string, message: string): ErrorLocation => ({ where: 'review items', path: `[${i}]${path}`, message });
  const out: ErrorLocation[] = [];
  if (!validId(item.identityId)) out.push(at('.identityId', 'must be an identity id'));
  if (!validId(item.candidateIdentityId)) out.push(at('.candidateIdentityId', 'must be an identity id'));
  if (item.identityId === item.candidateIdentityId) out.push(at('.candidateIdentityId', 'must be another identity than identityId'));
  if (!finite(item.matchWeight)) out.push(at('.matchWeight', 'must be a finite number'));
  if (!finite(item.matchProbability) || item.matchProbability < 0 || item.matchProbability > 1) out.push(at('.matchProbability', 'must be a probability, 0 to 1'));
  const e = item.explanation as Partial<ReviewExplanation> | undefined;
  if (!finite(e?.prior)) out.push(at('.explanation.prior', 'must be a finite number (log2 prior odds)'));
  if (!Array.isArray(e?.fields)) out.push(at('.explanation.fields', 'must be an array'));
  else {
    e.fields.forEach((f: Partial<ReviewField>, j) => {
      const fp = `.explanation.fields[${j}]`;
      if (typeof f.field !== 'string' || typeof f.label !== 'string' || typeof f.level !== 'string') out.push(at(fp, 'must have text field, label and level'));
      if (!textOrNull(f.left) || !textOrNull(f.right)) out.push(at(fp, 'left and right must be text or null'));
      if (!finite(f.weight)) out.push(at(`${fp}.weight`, 'must be a finite number (bits)'));
    });
  }
  return out;
}

const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * Puts pairs in the review queue inside the caller's transaction: a pair already waiting (either way
 * round) gets the new scores; a pair already decided, in the queue or by a decision, is left alone.
 */
export async function addReviewItems(tx: Queryable, items: readonly ReviewItemInput[]): Promise<{ added: number; updated: number; skipped: number }> {
  const problems = items.flatMap(problemsOf);
  if (problems.length > 0) throw peopleError('review_item_invalid', `${problems.length} problem(s) in the review items.`, problems);
  const byPair = new Map<string, ReviewItemInput>();
  for (const item of items) byPair.set(pairKey(item.identityId, item.candidateIdentityId), item);
  const batch = [...byPair.values()];
  if (batch.length === 0) return { added: 0, updated: 0, skipped: 0 };
  const ids = [...new Set(batch.flatMap((i) => [i.identityId, i.candidateIdentityId]))];
  const known = await tx.query<{ id: number }>('SELECT id FROM people.identity WHERE id = ANY($1::int8[])', [ids]);
  const found = new Set(known.rows.map((r) => r.id));
  const unknown = items.flatMap((item, i) =>
    (['identityId', 'candidateIdentityId'] as const).filter((k) => !found.has(item[k])).map((k) => ({ where: 'review items', path: `[${i}].${k}`, message: `there is no identity ${item[k]}` })),
  );
  if (unknown.length > 0) throw peopleError('review_item_invalid', `${unknown.length} unknown identit${unknown.length === 1 ? 'y' : 'ies'} in the review items.`, unknown);

  const { rows } = await tx.query<{ inserted: boolean }>(
    `INSERT INTO people.link_review AS r (identity_id, candidate_identity_id, candidate_person_id, match_weight, match_probability, explanation)
     SELECT u.i, u.c, ci.person_id, u.w, u.p, u.x
       FROM ROWS FROM (unnest($1::int8[]), unnest($2::int8[]), unnest($3::float8[]), unnest($4::float8[]), jsonb_array_elements($5::jsonb)) AS u(i, c, w, p, x)
       JOIN people.identity ci ON ci.id = u.c
      WHERE NOT EXISTS (SELECT 1 FROM people.link_decision d WHERE d.identity_a = least(u.i, u.c) AND d.identity_b = greatest(u.i, u.c))
     ON CONFLICT (least(identity_id, candidate_identity_id), greatest(identity_id, candidate_identity_id)) DO UPDATE
       SET identity_id = EXCLUDED.identity_id, candidate_identity_id = EXCLUDED.candidate_identity_id, candidate_person_id = EXCLUDED.candidate_person_id,
           match_weight = EXCLUDED.match_weight, match_probability = EXCLUDED.match_probability, explanation = EXCLUDED.explanation, updated_at = now()
       WHERE r.status IN ('open', 'unsure')
     RETURNING (r.xmax::text = '0') AS inserted`,
    [
      batch.map((i) => i.identityId), batch.map((i) => i.candidateIdentityId), batch.map((i) => i.matchWeight), batch.map((i) => i.matchProbability),
      JSON.stringify(batch.map((i) => ({ prior: i.explanation.prior, fields: i.explanation.fields.map(({ field, label, left, right, level, weight }) => ({ field, label, left, right, level, weight })) }))),
    ],
  );
  const added = rows.filter((r) => r.inserted).length;
  return { added, updated: rows.length - added, skipped: batch.length - rows.length };
}

const listStatuses: Readonly<Record<ReviewList, readonly ReviewStatus[]>> = { open: ['open'], unsure: ['unsure'], decided: ['same', 'different'] };

/** A page of one list of the queue: open and not-sure items most likely first, decided ones most recent first. */
export async function listReviews(db: Queryable, options: { status?: ReviewList; limit?: number; cursor?: string | undefined } = {}): Promise<ReviewPage> {
  const list = options.status ?? 'open';
  const limit = Math.max(1, Math.min(options.limit ?? 20, 200));
  const decided = list === 'decided';
  const key = decided ? 'r.decided_at' : 'r.match_probability';
  const params: unknown[] = [listStatuses[list], limit + 1];
  let after = '';
  if (options.cursor !== undefined) {
    const [k, id] = readCursor(options.cursor);
    params.push(k, id);
    after = `AND (${key}, r.id) < ($3::${decided ? 'timestamptz' : 'float8'}, $4::int8)`;
  }
  const rows = await reviewRows(db, `r.status = ANY($1::text[]) ${after} ORDER BY ${key} DESC, r.id DESC LIMIT $2`, params);
  const counts = await db.query<{ list: ReviewList; n: number }>(
    `SELECT CASE WHEN status IN ('same', 'different') THEN 'decided' ELSE status END AS list, count(*)::int8 AS n FROM people.link_review GROUP BY 1`,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    next: rows.length > limit && last ? writeCursor(decided ? last.decided_key : last.match_probability, last.id) : null,
    counts: { open: 0, unsure: 0, decided: 0, ...Object.fromEntries(counts.rows.map((c) => [c.list, c.n])) },
  };
}

/** One review item, or a review_not_found error. */
export async function reviewItem(db: Queryable, id: number): Promise<ReviewItem> {
  const [row] = await reviewRows(db, 'r.id = $1', [id]);
  if (!row) throw peopleError('review_not_found', `There is no review item ${id}.`);
  return toItem(row);
}

/**
 * Decides a review item inside the caller's transaction. "same" merges the arriving identity's person
 * into the candidate's (the records follow) and records the pair as the same; "different" records the
 * pair as different people and moves nothing; "unsure" puts the item in the not-sure list.
 */
export async function decideReview(
  tx: Queryable, id: number, decision: ReviewDecision, by: string, note: string | null, follow: FollowIdentities,
): Promise<{ review: ReviewItem; merge: PersonMerge | null }> {
  const { rows } = await tx.query<{ status: ReviewStatus; identity_id: number; candidate_identity_id: number; decided_by: string | null }>(
    'SELECT status, identity_id, candidate_identity_id, decided_by FROM people.link_review WHERE id = $1 FOR UPDATE',
    [id],
  );
  const item = rows[0];
  if (!item) throw peopleError('review_not_found', `There is no review item ${id}.`);
  if (item.status === 'same' || item.status === 'different' || (item.status === 'unsure' && decision === 'unsure')) {
    throw peopleError('review_already_decided', `Review item ${id} was decided "${item.status}" by ${item.decided_by ?? 'someone'}.`);
  }
  let merge: PersonMerge | null = null;
  if (decision === 'same') {
    const people = await tx.query<{ id: number; person_id: number }>('SELECT id, person_id FROM people.identity WHERE id = ANY($1::int8[]) FOR UPDATE', [[item.identity_id, item.candidate_identity_id]]);
    const personOf = (identity: number): number | undefined => people.rows.find((r) => r.id === identity)?.person_id;
    const from = personOf(item.identity_id);
    const into = personOf(item.candidate_identity_id);
    if (from === undefined || into === undefined) throw new Error(`decideReview: an identity of review item ${id} is missing`);
    if (from !== into) merge = await mergePeople(tx, { from, into, by, reason: note ?? `Linkage review ${id}: the same person` }, follow);
  }
  if (decision !== 'unsure') {
    await tx.query(
      `INSERT INTO people.link_decision (identity_a, identity_b, decision, decided_by, review_id, reason)
       VALUES (least($1::int8, $2::int8), greatest($1::int8, $2::int8), $3, $4, $5, $6)
       ON CONFLICT (identity_a, identity_b) DO UPDATE
         SET decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by, decided_at = now(), review_id = EXCLUDED.review_id, reason = EXCLUDED.reason`,
      [item.identity_id, item.candidate_identity_id, decision, by, id, note],
    );
  }
  await tx.query(
    'UPDATE people.link_review SET status = $2, decided_by = $3, decided_at = clock_timestamp(), note = $4, updated_at = now() WHERE id = $1',
    [id, decision, by, note],
  );
  return { review: await reviewItem(tx, id), merge };
}

/** The recorded decision about a pair of identities, if any. */
export async function linkDecision(db: Queryable, a: number, b: number): Promise<{ decision: 'same' | 'different'; decidedBy: string; reviewId: string | null; reason: string | null } | undefined> {
  const { rows } = await db.query<{ decision: 'same' | 'different'; decided_by: string; review_id: number | null; reason: string | null }>(
    'SELECT decision, decided_by, review_id, reason FROM people.link_decision WHERE identity_a = least($1::int8, $2::int8) AND identity_b = greatest($1::int8, $2::int8)',
    [a, b],
  );
  const row = rows[0];
  return row ? { decision: row.decision, decidedBy: row.decided_by, reviewId: row.review_id === null ? null : String(row.review_id), reason: row.reason } : undefined;
}

/** The key of a pair of identities in `pairDecisions`, whichever way round: "smaller:larger". */
export const decisionKey = (a: number, b: number): string => pairKey(a, b);

/** The recorded decisions about pairs of identities (either way round), by decisionKey: what linkage must respect. */
export async function pairDecisions(db: Queryable, pairs: readonly (readonly [number, number])[]): Promise<Map<string, 'same' | 'different'>> {
  const decisions = new Map<string, 'same' | 'different'>();
  if (pairs.length === 0) return decisions;
  const { rows } = await db.query<{ identity_a: number; identity_b: number; decision: 'same' | 'different' }>(
    `SELECT DISTINCT d.identity_a, d.identity_b, d.decision
       FROM unnest($1::int8[], $2::int8[]) AS p(a, b)
       JOIN people.link_decision d ON d.identity_a = least(p.a, p.b) AND d.identity_b = greatest(p.a, p.b)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  for (const row of rows) decisions.set(decisionKey(row.identity_a, row.identity_b), row.decision);
  return decisions;
}

function writeCursor(key: string | number | null, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function readCursor(cursor: string): [string | number, number] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && (typeof value[0] === 'string' || finite(value[0])) && validId(value[1])) return [value[0], value[1]];
  } catch {
    // Falls through to the error below.
  }
  throw peopleError('review_cursor_invalid', 'The cursor cannot be read.', [{ where: 'query', path: 'cursor', message: 'must be the `next` of a previous page' }]);
}

interface IdentityJson {
  id: number;
  person_id: number;
  source_id: string;
  local_id: string;
  nhs_number: string | null;
  given: string | null;
  family: string | null;
  birth_date: string | null;
  sex: string | null;
  address_line: string | null;
  town: string | null;
  postcode: string | null;
}

interface ReviewRow {
  id: number;
  status: ReviewStatus;
  match_weight: number;
  match_probability: number;
  explanation: ReviewExplanation;
  decided_by: string | null;
  decided_at: Date | null;
  decided_key: string | null;
  note: string | null;
  created_at: Date;
  a: IdentityJson;
  a_source: string;
  c: IdentityJson;
  c_source: string;
}

function reviewRows(db: Queryable, whereAndOrder: string, params: readonly unknown[]): Promise<ReviewRow[]> {
  return db
    .query<ReviewRow>(
      `SELECT r.id, r.status, r.match_weight, r.match_probability, r.explanation, r.decided_by, r.decided_at, r.decided_at::text AS decided_key, r.note, r.created_at,
              to_jsonb(a) - 'search_name' - 'name_keys' AS a, sa.name AS a_source, to_jsonb(c) - 'search_name' - 'name_keys' AS c, sc.name AS c_source
         FROM people.link_review r
         JOIN people.identity a ON a.id = r.identity_id JOIN people.source_system sa ON sa.id = a.source_id
         JOIN people.identity c ON c.id = r.candidate_identity_id JOIN people.source_system sc ON sc.id = c.source_id
        WHERE ${whereAndOrder}`,
      params,
    )
    .then((r) => r.rows);
}

function toIdentity(i: IdentityJson, sourceName: string): ReviewIdentity {
  const name = i.given ?? i.family ? `${i.given ?? ''} ${i.family ?? ''}`.trim() : null;
  const address = [i.address_line, i.town].filter((x) => x !== null).join(', ');
  return {
    identityId: String(i.id), personId: String(i.person_id), source: { id: i.source_id, name: sourceName }, localId: i.local_id, name,
    nhsNumber: i.nhs_number, birthDate: i.birth_date, sex: i.sex, address: address === '' ? null : address, postcode: i.postcode,
  };
}

function toItem(r: ReviewRow): ReviewItem {
  return {
    id: String(r.id), status: r.status, matchWeight: r.match_weight, matchProbability: r.match_probability, explanation: r.explanation,
    identity: toIdentity(r.a, r.a_source), candidate: toIdentity(r.c, r.c_source), samePerson: r.a.person_id === r.c.person_id,
    createdAt: r.created_at.toISOString(), decidedBy: r.decided_by, decidedAt: r.decided_at?.toISOString() ?? null, note: r.note,
  };
}
