/**
 * Live linkage: the model a re-link of the person index trained (`joinedup link`, relink.ts) is kept
 * in the database with its term frequencies, and every identity keeps its blocking keys under that
 * model's rules in an index. An identity arriving later is scored at once: its own keys find its
 * candidates through the index (exactly the pairs batch blocking would make), the same comparators
 * give each pair its levels, and the stored weights score them. Identities.ts decides what to do with
 * the scores; this module only finds and scores.
 */
import type { Queryable } from '../platform/index.js';
import { compareRange } from './linkage/compare.js';
import { buildFeatures, type Features, recordBlockingKeys, type RecordTable } from './linkage/features.js';
import type { LinkResult } from './linkage/link.js';
import type { LinkageModel } from './linkage/model.js';
import { normaliserFor } from './linkage/normalise.js';
import { type Explanation, explainPair, probabilityOf, scorePairs } from './linkage/score.js';
import type { LinkageSettings } from './linkage/settings.js';

/** The columns of people.identity that linkage settings for the person index may compare. */
export const identityColumns = ['nhs_number', 'given', 'family', 'birth_date', 'sex', 'postcode', 'address_line', 'town', 'phone', 'practice'] as const;
export type IdentityColumn = (typeof identityColumns)[number];
const isIdentityColumn = (column: string): column is IdentityColumn => (identityColumns as readonly string[]).includes(column);
/** An identity's values as linkage reads them ('' when missing; dates as YYYY-MM-DD). */
export type IdentityValues = Readonly<Record<IdentityColumn, string>>;

/** The select list reading an identity's values (from people.identity aliased `alias`). */
export const identityValueColumns = (alias: string): string =>
  identityColumns.map((c) => (c === 'birth_date' ? `to_char(${alias}.birth_date, 'YYYY-MM-DD') AS birth_date` : `${alias}.${c}`)).join(', ');

/** An identity row with the values linkage reads, as selected with identityValueColumns. */
export type IdentityValueRow = { readonly [C in IdentityColumn]: string | null };

export function valuesOfRow(row: IdentityValueRow): IdentityValues {
  return Object.fromEntries(identityColumns.map((c) => [c, row[c] ?? ''])) as Record<IdentityColumn, string>;
}

interface StoredField {
  name: string;
  labels: string[];
  m: number[];
  u: number[];
  weights: number[];
  /** With term-frequency adjustment: the exact level's weight for a value not in people.linkage_tf. */
  tfDefault?: number;
}

interface StoredModel {
  version: 1;
  prior: number;
  priorWeight: number;
  fields: StoredField[];
}

/** The model in use: its settings and stored weights. */
export interface LiveModel {
  readonly id: number;
  readonly settings: LinkageSettings;
  readonly model: StoredModel;
}

/**
 * Stored candidates scored per arrival, at most: those sharing the most blocking keys with it. A
 * true match shares several keys (NHS number, date of birth, name and postcode keys); the ones left
 * out share only one, such as a common surname's initial block, and differ on the rest.
 */
const candidatesPerArrival = 100;

/** Blocks with more identities than this are not searched (as batch blocking skips blocks over maxBlockPairs pairs). */
const blockLimit = (settings: LinkageSettings): number => Math.max(1, Math.floor(Math.sqrt(2 * settings.maxBlockPairs)));

/** The newest stored model, or undefined before the person index was first re-linked. */
export async function currentLiveModel(q: Queryable): Promise<LiveModel | undefined> {
  const { rows } = await q.query<{ id: number; settings: LinkageSettings; model: StoredModel }>(
    'SELECT id, settings, model FROM people.linkage_model ORDER BY id DESC LIMIT 1',
    [],
    { prepared: true },
  );
  const row = rows[0];
  return row ? { id: row.id, settings: row.settings, model: row.model } : undefined;
}

const keyText = (model: LiveModel, values: IdentityValues): string[] =>
  recordBlockingKeys(model.settings, (column) => (isIdentityColumn(column) ? values[column] : ''));

/** The blocking keys of identities under the model, as rows of people.identity_block. */
export function blockRows(model: LiveModel, identities: readonly { id: number; values: IdentityValues }[]): { keys: string[]; ids: number[] } {
  const keys: string[] = [];
  const ids: number[] = [];
  for (const identity of identities) {
    for (const key of new Set(keyText(model, identity.values))) {
      keys.push(key);
      ids.push(identity.id);
    }
  }
  return { keys, ids };
}

/** Adds identities' blocking keys to the index (inside the caller's transaction). */
export async function writeBlockKeys(tx: Queryable, rows: { keys: string[]; ids: number[] }): Promise<void> {
  const chunk = 50_000;
  for (let at = 0; at < rows.keys.length; at += chunk) {
    await tx.query(
      'INSERT INTO people.identity_block (key, identity_id) SELECT * FROM unnest($1::text[], $2::int8[]) ON CONFLICT DO NOTHING',
      [rows.keys.slice(at, at + chunk), rows.ids.slice(at, at + chunk)],
      { prepared: true },
    );
  }
}

/** Replaces the blocking keys of identities whose values changed. */
export async function replaceBlockKeys(tx: Queryable, model: LiveModel, identities: readonly { id: number; values: IdentityValues }[]): Promise<void> {
  if (identities.length === 0) return;
  await tx.query('DELETE FROM people.identity_block WHERE identity_id = ANY($1::int8[])', [identities.map((i) => i.id)], { prepared: true });
  await writeBlockKeys(tx, blockRows(model, identities));
}

/** Whether two sets of values would block or compare differently under the model. */
export function linkageValuesDiffer(model: LiveModel, a: IdentityValues, b: IdentityValues): boolean {
  const used = new Set([...model.settings.fields.map((f) => f.column), ...model.settings.blocking.flat().map((p) => p.column)]);
  return identityColumns.some((c) => used.has(c) && a[c] !== b[c]);
}

/** What an arriving identity is compared with: a stored identity, or an earlier arrival of the same batch. */
export type LiveTarget = { readonly identityId: number; readonly personId: number } | { readonly arrival: number };

export interface LiveCandidate {
  readonly target: LiveTarget;
  readonly weight: number;
  readonly probability: number;
  readonly explain: () => Explanation;
}

export interface Arrival {
  readonly values: IdentityValues;
  /** For an identity already stored (its details changed): its id, so that it is not its own candidate. */
  readonly identityId?: number;
}

interface CandidateRow extends IdentityValueRow {
  arrival: number;
  id: number;
  person_id: number;
  /** Term-frequency weights of the arrivals' values: [field, value, weight]. */
  tf: [number, string, number][];
}

/**
 * Scores each arrival against the stored identities sharing a blocking key with it (the 100 sharing
 * the most), and against the earlier arrivals of the batch that do; candidates come back strongest first.
 */
export async function scoreArrivals(tx: Queryable, live: LiveModel, arrivals: readonly Arrival[]): Promise<LiveCandidate[][]> {
  const out = arrivals.map((): LiveCandidate[] => []);
  if (arrivals.length === 0) return out;
  const { settings } = live;
  const keysOf = arrivals.map((a) => [...new Set(keyText(live, a.values))]);
  const keyList = keysOf.flat();
  if (keyList.length === 0) return out;
  const limit = blockLimit(settings);
  // The arrivals' cleaned values of term-frequency fields: an exact agreement is always on one of them.
  const tfField: number[] = [];
  const tfValue: string[] = [];
  settings.fields.forEach((field, f) => {
    if (live.model.fields[f]?.tfDefault === undefined || !isIdentityColumn(field.column)) return;
    const clean = normaliserFor(field);
    for (const value of new Set(arrivals.map((a) => clean(a.values[field.column as IdentityColumn])))) {
      if (value === '') continue;
      tfField.push(f);
      tfValue.push(value);
    }
  });
  // Per arrival, its stored candidates sharing the most keys with it (an oversized block is skipped),
  // each row with the term-frequency weights of the arrivals' values (one lookup for the statement).
  const { rows } = await tx.query<CandidateRow>(
    `WITH k AS (SELECT * FROM unnest($1::text[], $2::int4[]) AS k(key, arrival)),
     hit AS (
       SELECT k.arrival, k.key, c.identity_id FROM k
       CROSS JOIN LATERAL (SELECT b.identity_id FROM people.identity_block b WHERE b.key = k.key LIMIT $3) c),
     small AS (SELECT arrival, key FROM hit GROUP BY arrival, key HAVING count(*) < $3),
     ranked AS (
       SELECT h.arrival, h.identity_id, row_number() OVER (PARTITION BY h.arrival ORDER BY count(*) DESC, h.identity_id DESC) AS rank
         FROM hit h JOIN small USING (arrival, key) GROUP BY h.arrival, h.identity_id)
     SELECT r.arrival, i.id, i.person_id, ${identityValueColumns('i')},
            (SELECT coalesce(jsonb_agg(jsonb_build_array(t.field, t.value, t.weight)), '[]') FROM unnest($6::int2[], $7::text[]) AS w(field, value)
               JOIN people.linkage_tf t ON t.model_id = $5 AND t.field = w.field AND t.value = w.value) AS tf
       FROM ranked r JOIN people.identity i ON i.id = r.identity_id WHERE r.rank <= $4`,
    [keyList, keysOf.flatMap((keys, i) => keys.map(() => i)), limit + 1, candidatesPerArrival, live.id, tfField, tfValue],
    { prepared: true },
  );
  const tf = new Map((rows[0]?.tf ?? []).map(([field, value, weight]) => [`${field}\u001f${value}`, weight]));

  // Pairs: arrival i with each of its stored candidates (record n + r) and each earlier arrival j sharing a key.
  const n = arrivals.length;
  const a: number[] = [];
  const b: number[] = [];
  rows.forEach((row, r) => {
    if (row.id === arrivals[row.arrival]?.identityId) return;
    a.push(row.arrival);
    b.push(n + r);
  });
  const earlier = new Map<string, number[]>();
  keysOf.forEach((keys, i) => {
    const seen = new Set<number>();
    for (const key of keys) {
      for (const j of earlier.get(key) ?? []) {
        if (seen.has(j)) continue;
        seen.add(j);
        a.push(i);
        b.push(j);
      }
    }
    for (const key of keys) {
      const list = earlier.get(key);
      if (list) list.push(i);
      else earlier.set(key, [i]);
    }
  });
  if (a.length === 0) return out;

  const records = [...arrivals.map((x) => x.values), ...rows.map(valuesOfRow)];
  const table: RecordTable = {
    ids: records.map((_, i) => String(i)),
    columns: Object.fromEntries(identityColumns.map((c) => [c, records.map((v) => v[c])])),
  };
  const features = buildFeatures(settings, table);
  const model = localModel(live, features, tf);
  const pa = Int32Array.from(a);
  const pb = Int32Array.from(b);
  const width = features.fields.length;
  const levels = new Uint8Array(pa.length * width);
  compareRange(features, pa, pb, 0, pa.length, levels);
  const weights = scorePairs(model, features, pa, levels);
  for (let p = 0; p < pa.length; p++) {
    const i = pa[p] ?? 0;
    const j = pb[p] ?? 0;
    const weight = weights[p] ?? -Infinity;
    const row = j >= n ? rows[j - n] : undefined;
    out[i]?.push({
      target: row ? { identityId: row.id, personId: row.person_id } : { arrival: j },
      weight,
      probability: probabilityOf(weight),
      explain: () => explainPair(model, features, i, j, Array.from(levels.subarray(p * width, (p + 1) * width))),
    });
  }
  for (const list of out) list.sort((x, y) => y.weight - x.weight);
  return out;
}

/** The stored model shaped for these records' features, with their values' term-frequency weights. */
function localModel(live: LiveModel, features: Features, tf: ReadonlyMap<string, number>): LinkageModel {
  const stored = live.model;
  return {
    prior: stored.prior,
    priorWeight: stored.priorWeight,
    sessions: [],
    fields: stored.fields.map((sf, f) => {
      const base = { name: sf.name, labels: sf.labels, m: Float64Array.from(sf.m), u: Float64Array.from(sf.u), weights: Float64Array.from(sf.weights) };
      const dictionary = features.fields[f]?.dictionary ?? [];
      const fallback = sf.tfDefault;
      return fallback === undefined ? base : { ...base, tfWeights: Float32Array.from(dictionary, (v) => tf.get(`${f}\u001f${v}`) ?? fallback) };
    }),
  };
}

/**
 * Stores the model a re-link trained as the one in use, with the term frequencies of its values held
 * more than once; older models keep their row (history) but lose their term frequencies. When the
 * blocking rules changed, or no identity has keys yet, every identity's keys are rebuilt.
 */
export async function storeLiveModel(
  tx: Queryable,
  input: { settings: LinkageSettings; result: LinkResult; identities: readonly { id: number; values: IdentityValues }[]; labelledPairs: number; by: string },
  onProgress?: (done: number, total: number) => void,
): Promise<LiveModel> {
  const { settings, result } = input;
  const model: StoredModel = {
    version: 1,
    prior: result.model.prior,
    priorWeight: result.model.priorWeight,
    fields: result.model.fields.map((fm, f) => {
      const present = Math.max(1, result.features.fields[f]?.present ?? 1);
      const stored: StoredField = { name: fm.name, labels: [...fm.labels], m: [...fm.m], u: [...fm.u], weights: [...fm.weights] };
      // A value held once has share 1/present (see assembleModel), as has any value new since training.
      if (fm.tfWeights) stored.tfDefault = Math.log2((fm.m[0] ?? 0) * present);
      return stored;
    }),
  };
  const previous = await currentLiveModel(tx);
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO people.linkage_model (settings, model, identities, candidate_pairs, labelled_pairs, trained_by)
     VALUES ($1::jsonb, $2::jsonb, $3, $4, $5, $6) RETURNING id`,
    [JSON.stringify(settings), JSON.stringify(model), input.identities.length, result.pairs.a.length, input.labelledPairs, input.by],
  );
  const live: LiveModel = { id: Number(rows[0]?.id), settings, model };
  await tx.query('DELETE FROM people.linkage_tf WHERE model_id <> $1', [live.id]);
  const fields: number[] = [];
  const values: string[] = [];
  const tfWeights: number[] = [];
  result.model.fields.forEach((fm, f) => {
    const field = result.features.fields[f];
    if (!fm.tfWeights || !field) return;
    field.counts.forEach((count, v) => {
      if (count < 2) return;
      fields.push(f);
      values.push(field.dictionary[v] ?? '');
      tfWeights.push(fm.tfWeights?.[v] ?? 0);
    });
  });
  for (let at = 0; at < fields.length; at += 50_000) {
    await tx.query(
      'INSERT INTO people.linkage_tf (model_id, field, value, weight) SELECT $1, * FROM unnest($2::int2[], $3::text[], $4::float4[])',
      [live.id, fields.slice(at, at + 50_000), values.slice(at, at + 50_000), tfWeights.slice(at, at + 50_000)],
    );
  }
  const sameRules = previous !== undefined && JSON.stringify(previous.settings.blocking) === JSON.stringify(settings.blocking) && sameCleaning(previous.settings, settings);
  const hasKeys = (await tx.query('SELECT 1 FROM people.identity_block LIMIT 1')).rows.length > 0;
  if (sameRules && hasKeys) return live;
  await tx.query('DELETE FROM people.identity_block');
  const step = 20_000;
  for (let at = 0; at < input.identities.length; at += step) {
    await writeBlockKeys(tx, blockRows(live, input.identities.slice(at, at + step)));
    onProgress?.(Math.min(at + step, input.identities.length), input.identities.length);
  }
  return live;
}

/** Whether the blocked columns are cleaned the same way under both settings (a column's field decides its cleaning). */
function sameCleaning(a: LinkageSettings, b: LinkageSettings): boolean {
  const cleaning = (s: LinkageSettings): string =>
    JSON.stringify([...new Set(s.blocking.flat().map((p) => p.column))].sort().map((c) => {
      const f = s.fields.find((x) => x.column === c);
      return [c, f?.comparison ?? 'text', f?.dateFormat ?? '', f?.check ?? ''];
    }));
  return cleaning(a) === cleaning(b);
}
