/**
 * Merging people and undoing merges. A merge moves every identity of one person to another and
 * keeps the person merged away (their id still resolves, and says where they went); undoing it moves
 * back the identities that are still there and records that the two sets are different people, so
 * linkage does not join them again. Only links move: what sources sent is never touched, and the
 * records about each identity follow it through the `follow` callback the record capability passes
 * in (people ranks below record and cannot reach its tables).
 */
import type { Queryable } from '../platform/index.js';
import { peopleError } from './errors.js';
import type { SourceRef } from './people-view.js';

/** Moves whatever points at these identities to their new people (identityIds[i] now belongs to personIds[i]). */
export type FollowIdentities = (tx: Queryable, identityIds: readonly number[], personIds: readonly number[]) => Promise<void>;

export interface MergeInput {
  /** The person merged away. */
  from: number;
  /** The person who takes every identity of `from`. */
  into: number;
  /** Who merged them. */
  by: string;
  reason?: string | null;
}

/** One identity a merge moved, and the person it is with now. */
export interface MergedIdentity {
  identityId: string;
  source: SourceRef;
  localId: string;
  name: string | null;
  personId: string;
}

export interface PersonMerge {
  id: string;
  fromPerson: string;
  intoPerson: string;
  identities: MergedIdentity[];
  reason: string | null;
  mergedBy: string;
  mergedAt: string;
  undoneBy: string | null;
  undoneAt: string | null;
  /** Not undone, the person merged away is still merged into the other, and some identity is still there. */
  canUndo: boolean;
}

/** Merges `from` into `into` inside the caller's transaction; the records of the moved identities follow. */
export async function mergePeople(tx: Queryable, input: MergeInput, follow: FollowIdentities): Promise<PersonMerge> {
  const { from, into } = input;
  if (from === into) throw peopleError('merge_into_self', `Person ${from} cannot be merged into themselves.`);
  const { rows } = await tx.query<{ id: number; merged_into: number | null }>(
    'SELECT id, merged_into FROM people.person WHERE id = ANY($1::int8[]) ORDER BY id FOR UPDATE',
    [[from, into]],
  );
  for (const id of [from, into]) {
    const person = rows.find((r) => r.id === id);
    if (!person) throw peopleError('merge_person_not_found', `There is no person ${id}.`);
    if (person.merged_into !== null) throw peopleError('person_merged_away', `Person ${id} was merged into person ${person.merged_into}.`);
  }
  const merged = await tx.query<{ id: number; identities: number[] }>(
    `WITH moved AS (UPDATE people.identity SET person_id = $2, linked_by = 'reviewer', updated_at = now() WHERE person_id = $1 RETURNING id),
          away AS (UPDATE people.person SET merged_into = $2 WHERE id = $1)
     INSERT INTO people.person_merge (from_person, into_person, identities, reason, merged_by)
     SELECT $1, $2, coalesce(array_agg(id ORDER BY id), '{}'), $3, $4 FROM moved
     RETURNING id, identities`,
    [from, into, input.reason ?? null, input.by],
  );
  const row = merged.rows[0];
  if (!row) throw new Error('mergePeople: the merge was not recorded');
  await follow(tx, row.identities, row.identities.map(() => into));
  return mergeById(tx, row.id);
}

/**
 * Undoes a merge inside the caller's transaction: the identities it moved that are still with the
 * person merged into go back, and each of them is recorded as a different person from each identity
 * that stays, so linkage keeps them apart (a review item waiting about such a pair is answered so).
 */
export async function unmergePeople(tx: Queryable, mergeId: number, by: string, follow: FollowIdentities): Promise<PersonMerge> {
  const { rows } = await tx.query<{ from_person: number; into_person: number; identities: number[]; undone_at: Date | null; undone_by: string | null }>(
    'SELECT from_person, into_person, identities, undone_at, undone_by FROM people.person_merge WHERE id = $1 FOR UPDATE',
    [mergeId],
  );
  const merge = rows[0];
  if (!merge) throw peopleError('merge_not_found', `There is no merge ${mergeId}.`);
  if (merge.undone_at !== null) throw peopleError('merge_already_undone', `Merge ${mergeId} was undone by ${merge.undone_by ?? 'someone'} on ${merge.undone_at.toISOString()}.`);
  const back = await tx.query<{ id: number }>(
    `UPDATE people.identity SET person_id = $1, linked_by = 'reviewer', updated_at = now()
      WHERE id = ANY($3::int8[]) AND person_id = $2 RETURNING id`,
    [merge.from_person, merge.into_person, merge.identities],
  );
  const moved = back.rows.map((r) => r.id).sort((a, b) => a - b);
  if (moved.length === 0) throw peopleError('merge_nothing_to_undo', `None of the identities merge ${mergeId} moved is still with person ${merge.into_person}.`);
  await tx.query(
    `WITH restored AS (UPDATE people.person SET merged_into = NULL WHERE id = $1 AND merged_into = $2),
          undone AS (UPDATE people.person_merge SET undone_by = $4, undone_at = now() WHERE id = $5),
          -- Review items still waiting about these pairs are answered by the same decision.
          answered AS (UPDATE people.link_review r SET status = 'different', decided_by = $4, decided_at = clock_timestamp(), note = $6, updated_at = now()
                         FROM unnest($3::int8[]) AS b(id) CROSS JOIN people.identity s
                        WHERE s.person_id = $2 AND r.status IN ('open', 'unsure')
                          AND least(r.identity_id, r.candidate_identity_id) = least(b.id, s.id) AND greatest(r.identity_id, r.candidate_identity_id) = greatest(b.id, s.id))
     INSERT INTO people.link_decision (identity_a, identity_b, decision, decided_by, reason)
     SELECT least(b.id, s.id), greatest(b.id, s.id), 'different', $4, $6
       FROM unnest($3::int8[]) AS b(id) CROSS JOIN people.identity s WHERE s.person_id = $2
     ON CONFLICT (identity_a, identity_b) DO UPDATE
       SET decision = 'different', decided_by = EXCLUDED.decided_by, decided_at = now(), review_id = NULL, reason = EXCLUDED.reason`,
    [merge.from_person, merge.into_person, moved, by, mergeId, `Merge ${mergeId} undone`],
  );
  await follow(tx, moved, moved.map(() => merge.from_person));
  return mergeById(tx, mergeId);
}

/** The merges into and out of a person, newest first, undone ones included; undefined when there is no such person. */
export async function personMerges(db: Queryable, personId: number): Promise<PersonMerge[] | undefined> {
  const person = await db.query('SELECT 1 FROM people.person WHERE id = $1', [personId]);
  if (person.rows.length === 0) return undefined;
  return mergeViews(db, 'm.from_person = $1 OR m.into_person = $1', [personId]);
}

/** One merge, or a merge_not_found error. */
export async function mergeById(db: Queryable, mergeId: number): Promise<PersonMerge> {
  const [merge] = await mergeViews(db, 'm.id = $1', [mergeId]);
  if (!merge) throw peopleError('merge_not_found', `There is no merge ${mergeId}.`);
  return merge;
}

interface MergeRow {
  id: number;
  from_person: number;
  into_person: number;
  reason: string | null;
  merged_by: string;
  merged_at: Date;
  undone_by: string | null;
  undone_at: Date | null;
  from_merged_into: number | null;
  identities: { id: number; source_id: string; source_name: string; local_id: string; given: string | null; family: string | null; person_id: number }[];
}

async function mergeViews(db: Queryable, where: string, params: readonly unknown[]): Promise<PersonMerge[]> {
  const { rows } = await db.query<MergeRow>(
    `SELECT m.id, m.from_person, m.into_person, m.reason, m.merged_by, m.merged_at, m.undone_by, m.undone_at, f.merged_into AS from_merged_into,
            coalesce((SELECT json_agg(json_build_object('id', i.id, 'source_id', i.source_id, 'source_name', s.name, 'local_id', i.local_id,
                                                        'given', i.given, 'family', i.family, 'person_id', i.person_id) ORDER BY i.id)
                        FROM people.identity i JOIN people.source_system s ON s.id = i.source_id WHERE i.id = ANY(m.identities)), '[]') AS identities
       FROM people.person_merge m JOIN people.person f ON f.id = m.from_person
      WHERE ${where} ORDER BY m.merged_at DESC, m.id DESC`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    fromPerson: String(r.from_person),
    intoPerson: String(r.into_person),
    identities: r.identities.map((i) => ({
      identityId: String(i.id), source: { id: i.source_id, name: i.source_name }, localId: i.local_id,
      name: i.given ?? i.family ? `${i.given ?? ''} ${i.family ?? ''}`.trim() : null, personId: String(i.person_id),
    })),
    reason: r.reason,
    mergedBy: r.merged_by,
    mergedAt: r.merged_at.toISOString(),
    undoneBy: r.undone_by,
    undoneAt: r.undone_at?.toISOString() ?? null,
    canUndo: r.undone_at === null && r.from_merged_into === r.into_person && r.identities.some((i) => i.person_id === r.into_person),
  }));
}
