/**
 * Re-linking the whole person index with probabilistic record linkage (`joinedup link`): every
 * source identity is compared with the others (the engine in ./linkage, trained on the index itself),
 * and then:
 * - the people of identities that cluster together above the link threshold are merged, as a
 *   reviewer would merge them (each merge is in the merge history and can be undone);
 * - pairs between the review and link thresholds whose identities are with different people go to
 *   the review queue, with the evidence field by field;
 * - decisions bind: a pair decided "different" (by a reviewer, or by undoing a merge) is never joined,
 *   and neither are the people it would join, so such a cluster goes to review instead;
 * - decisions teach: every decided pair joins the estimation of m as a labelled pair;
 * - the trained model and every identity's blocking keys are stored, so that identities arriving
 *   later are linked as they arrive (live-linkage.ts).
 * Source records are never touched: records point at identities, and `follow` moves what the record
 * capability keeps about each identity's person.
 */
import type { Db } from '../platform/index.js';
import { type LinkageSettings, type LinkStage, explainCandidate, linkRecords, pairProbability } from './linkage/index.js';
import { identityColumns, identityValueColumns, type IdentityValueRow, storeLiveModel, valuesOfRow } from './live-linkage.js';
import { type FollowIdentities, mergePeople } from './merges.js';
import { type ReviewItemInput, addReviewItems, reviewItemFor } from './review.js';


export type RelinkStage = LinkStage | 'indexing' | 'merging' | 'queueing';

export interface RelinkSummary {
  identities: number;
  candidatePairs: number;
  /** People merged into others. */
  merged: number;
  /** Pairs put in (or refreshed in) the review queue. */
  queued: number;
  /** Clusters not merged because a decision keeps some of their people apart (their pairs were queued). */
  heldApart: number;
  seconds: number;
}

interface IdentityRow extends IdentityValueRow {
  id: number;
  person_id: number;
}

/** Merges per transaction, so that a large re-link neither holds locks for long nor loses its work. */
const mergesPerTransaction = 200;

export async function relinkPeople(
  db: Db,
  settings: LinkageSettings,
  follow: FollowIdentities,
  options: { by?: string; onProgress?: (stage: RelinkStage, done: number, total: number) => void } = {},
): Promise<RelinkSummary> {
  const started = performance.now();
  const by = options.by ?? 'record linkage';
  const { rows } = await db.query<IdentityRow>(`SELECT i.id, i.person_id, ${identityValueColumns('i')} FROM people.identity i ORDER BY i.id`);
  const values = rows.map(valuesOfRow);
  const table = { ids: rows.map((r) => String(r.id)), columns: Object.fromEntries(identityColumns.map((c) => [c, values.map((v) => v[c])])) };
  const empty: RelinkSummary = { identities: rows.length, candidatePairs: 0, merged: 0, queued: 0, heldApart: 0, seconds: 0 };
  if (rows.length < 2) return { ...empty, seconds: (performance.now() - started) / 1000 };
  // Reviewers' decisions bind the clusters below and, as labelled pairs, inform the model.
  const decisions = await db.query<{ a: number; b: number; decision: 'same' | 'different' }>('SELECT identity_a AS a, identity_b AS b, decision FROM people.link_decision');
  const indexOf = new Map(rows.map((r, i) => [r.id, i]));
  const known = decisions.rows.filter((d) => indexOf.has(d.a) && indexOf.has(d.b));
  const labelled = {
    a: Int32Array.from(known, (d) => indexOf.get(d.a) ?? 0),
    b: Int32Array.from(known, (d) => indexOf.get(d.b) ?? 0),
    same: Uint8Array.from(known, (d) => (d.decision === 'same' ? 1 : 0)),
  };
  const result = linkRecords({ settings, left: table, labelled, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const clusters = result.clusters ?? new Int32Array(rows.length).map((_, i) => i);
  // The model, and every identity's blocking keys, for linking identities as they arrive.
  await db.transaction((tx) =>
    storeLiveModel(tx, { settings, result, identities: rows.map((r, i) => ({ id: r.id, values: values[i] ?? valuesOfRow(r) })), labelledPairs: known.length, by }, (d, t) => options.onProgress?.('indexing', d, t)));

  const different = new Set(decisions.rows.filter((d) => d.decision === 'different').map((d) => `${d.a}:${d.b}`));
  const apart = (a: number, b: number): boolean => different.has(`${Math.min(a, b)}:${Math.max(a, b)}`);

  // Each cluster's people, and whether a decision keeps any two of its identities apart.
  const members = new Map<number, number[]>();
  clusters.forEach((c, i) => {
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  });
  const merges: { from: number; into: number }[] = [];
  const heldApart = new Set<number>();
  for (const [cluster, list] of members) {
    const people = [...new Set(list.map((i) => rows[i]?.person_id ?? 0))];
    if (people.length < 2) continue;
    const conflict = list.some((i, x) => list.slice(x + 1).some((j) => apart(rows[i]?.id ?? 0, rows[j]?.id ?? 0)));
    if (conflict) {
      heldApart.add(cluster);
      continue;
    }
    // Into the person with the most identities (the lowest id on a tie), so that the fewest move.
    const sizes = new Map<number, number>();
    for (const i of list) sizes.set(rows[i]?.person_id ?? 0, (sizes.get(rows[i]?.person_id ?? 0) ?? 0) + 1);
    const into = [...sizes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    for (const from of people) if (from !== into) merges.push({ from, into });
  }
  // A person reached from several clusters is merged once; later merges into a merged-away person are redirected.
  let merged = 0;
  const movedTo = new Map<number, number>();
  const target = (p: number): number => {
    let t = p;
    while (movedTo.has(t)) t = movedTo.get(t) ?? t;
    return t;
  };
  for (let start = 0; start < merges.length; start += mergesPerTransaction) {
    const chunk = merges.slice(start, start + mergesPerTransaction);
    await db.transaction(async (tx) => {
      for (const m of chunk) {
        const from = target(m.from);
        const into = target(m.into);
        if (from === into) continue;
        await mergePeople(tx, { from, into, by, reason: `record linkage: match probability at least ${settings.thresholds.link}` }, follow);
        movedTo.set(from, into);
        merged++;
      }
    });
    options.onProgress?.('merging', Math.min(start + chunk.length, merges.length), merges.length);
  }

  // Review: the uncertain pairs, and the pairs of clusters held apart, whose identities are still with different people.
  const personNow = (i: number): number => target(rows[i]?.person_id ?? 0);
  const items: ReviewItemInput[] = [];
  const review = settings.thresholds.review;
  const link = settings.thresholds.link;
  for (let p = 0; p < result.pairs.a.length; p++) {
    const probability = pairProbability(result, p);
    if (probability < review) continue;
    const a = result.pairs.a[p] ?? 0;
    const b = result.pairs.b[p] ?? 0;
    const held = heldApart.has(clusters[a] ?? -1) && clusters[a] === clusters[b];
    if (probability >= link && !held) continue;
    if (personNow(a) === personNow(b)) continue;
    const left = rows[a];
    const right = rows[b];
    if (!left || !right || apart(left.id, right.id)) continue;
    items.push(reviewItemFor(left.id, right.id, explainCandidate(result, p)));
  }
  let queued = 0;
  for (let start = 0; start < items.length; start += 1_000) {
    const chunk = items.slice(start, start + 1_000);
    const counts = await db.transaction((tx) => addReviewItems(tx, chunk));
    queued += counts.added + counts.updated;
    options.onProgress?.('queueing', Math.min(start + chunk.length, items.length), items.length);
  }
  return { identities: rows.length, candidatePairs: result.pairs.a.length, merged, queued, heldApart: heldApart.size, seconds: (performance.now() - started) / 1000 };
}
