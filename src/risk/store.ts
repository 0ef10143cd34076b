/**
 * Case-finding on the record: areas' deprivation, model versions trained on the record (with their
 * temporal validation), local recalibration, scoring runs that write every person's risk, rank in
 * their practice and reasons, evaluation of a stored model on a later year, and the impact of case
 * management against matched controls.
 */
import type { Db, Queryable } from '../platform/index.js';
import { riskError } from './errors.js';
import { shiftYears } from './frailty.js';
import { eligible, featureRow, features, subgroupsOf, summarise, type PersonActivity } from './features.js';
import { matchedComparison, type Candidate, type MatchedComparison } from './matched-controls.js';
import { assertCompatible, DatasetBuilder, explain, recalibrate, scoreDataset, trainModel, type Dataset, type Factor, type RiskModel } from './model.js';
import { predictLogistic } from './logistic.js';
import { deprivationBySector, postcodeSector, recordActivities } from './record-activity.js';
import { evaluationReport, type EvaluationReport } from './report.js';

export type Progress = (done: number, stage: string) => void;

const isDate = (text: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

/** Loads deprivation deciles by postcode sector (replacing those already held for the same sectors). */
export async function loadAreaDeprivation(db: Db, rows: readonly { sector: string; decile: number }[], from: string): Promise<number> {
  const problems = rows.flatMap((r, i) => {
    const sector = postcodeSector(`${r.sector}AA`);
    if (sector === null) return [{ where: 'file', path: `row ${i + 2}`, message: `"${r.sector}" is not a postcode sector (e.g. TQ1 4)` }];
    if (!Number.isInteger(r.decile) || r.decile < 1 || r.decile > 10) return [{ where: 'file', path: `row ${i + 2}`, message: `deprivation decile must be a whole number from 1 to 10, not ${r.decile}` }];
    return [];
  });
  if (problems.length > 0) throw riskError('risk_input_invalid', `${problems.length} row(s) cannot be loaded; nothing was loaded.`, problems.slice(0, 20));
  await db.query(
    `INSERT INTO risk.area_deprivation (postcode_sector, decile, loaded_from)
     SELECT s, d, $3 FROM unnest($1::text[], $2::int[]) AS v(s, d)
     ON CONFLICT (postcode_sector) DO UPDATE SET decile = excluded.decile, loaded_from = excluded.loaded_from, loaded_at = now()`,
    [rows.map((r) => postcodeSector(`${r.sector}AA`)), rows.map((r) => r.decile), from],
  );
  return rows.length;
}

/** The population's datasets on each date, from one pass over the record. */
export async function datasetsFromRecord(db: Queryable, dates: readonly string[], onProgress?: Progress): Promise<Dataset[]> {
  const builders = dates.map((d) => new DatasetBuilder(d));
  let done = 0;
  for await (const batch of recordActivities(db)) {
    for (const a of batch) for (const b of builders) b.add(a);
    done += batch.length;
    onProgress?.(done, 'read');
  }
  return builders.map((b) => b.finish());
}

export interface ModelVersion {
  id: string;
  version: number;
  kind: 'trained' | 'recalibrated';
  basedOn: number | null;
  indexDate: string;
  people: number;
  events: number;
  createdAt: string;
  createdBy: string;
  active: boolean;
  model: RiskModel;
  evaluation: EvaluationReport | null;
}

interface VersionRow {
  id: string;
  version: number;
  kind: ModelVersion['kind'];
  based_on: number | null;
  index_date: string;
  people: number;
  events: number;
  created_at: Date;
  created_by: string;
  active: boolean;
  model: RiskModel;
  evaluation: EvaluationReport | null;
}

const versionColumns = `id::text AS id, version, kind, (SELECT b.version FROM risk.model_version b WHERE b.id = m.based_on) AS based_on, index_date::text AS index_date,
  people, events, created_at, created_by, active, model, evaluation`;
const toVersion = (r: VersionRow): ModelVersion => ({
  id: r.id, version: r.version, kind: r.kind, basedOn: r.based_on, indexDate: r.index_date, people: r.people, events: r.events,
  createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by, active: r.active, model: r.model, evaluation: r.evaluation,
});

export async function listModelVersions(db: Queryable): Promise<ModelVersion[]> {
  const { rows } = await db.query<VersionRow>(`SELECT ${versionColumns} FROM risk.model_version m ORDER BY version DESC`);
  return rows.map(toVersion);
}

/** The version numbered `version`, or the active one; throws model_not_found. */
export async function modelVersion(db: Queryable, version?: number): Promise<ModelVersion> {
  const { rows } = version === undefined
    ? await db.query<VersionRow>(`SELECT ${versionColumns} FROM risk.model_version m WHERE active`)
    : await db.query<VersionRow>(`SELECT ${versionColumns} FROM risk.model_version m WHERE version = $1`, [version]);
  const row = rows[0];
  if (!row) throw riskError('model_not_found', version === undefined ? 'No model is active: train one with --activate, or activate one.' : `There is no model version ${version}.`);
  return toVersion(row);
}

/** Stores a model as a new version (the next number); with `activate`, it scores the population from now on. */
export async function storeModel(
  db: Db,
  v: { kind: ModelVersion['kind']; basedOn?: string; indexDate: string; people: number; events: number; model: RiskModel; evaluate?: (version: number) => EvaluationReport; by: string; activate: boolean },
): Promise<ModelVersion> {
  assertCompatible(v.model);
  return db.transaction(async (tx) => {
    if (v.activate) await tx.query('UPDATE risk.model_version SET active = false WHERE active');
    const { rows } = await tx.query<{ version: number }>('SELECT coalesce(max(version), 0) + 1 AS version FROM risk.model_version');
    const version = rows[0]?.version ?? 1;
    const evaluation = v.evaluate?.(version);
    await tx.query(
      `INSERT INTO risk.model_version (version, created_by, kind, based_on, index_date, people, events, model, evaluation, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [version, v.by, v.kind, v.basedOn ?? null, v.indexDate, v.people, v.events, JSON.stringify(v.model), evaluation === undefined ? null : JSON.stringify(evaluation), v.activate],
    );
    return modelVersion(tx, version);
  }, { isolation: 'serializable' });
}

const eventsOf = (data: Dataset): number => {
  let events = 0;
  for (let i = 0; i < data.n; i++) events += data.y[i] ?? 0;
  return events;
};

/** Refuses an index date whose outcome year has not passed by `today`. */
function checkOutcomeDate(name: string, indexDate: string, today: string): void {
  if (!isDate(indexDate)) throw riskError('risk_input_invalid', `${name} must be a date (YYYY-MM-DD), not "${indexDate}".`, [{ where: 'option', path: name, message: 'a date in YYYY-MM-DD form' }]);
  if (shiftYears(indexDate, 1) > today) {
    throw riskError('risk_input_invalid', `${name} ${indexDate}: its 12 months of outcomes end ${shiftYears(indexDate, 1)}, after today (${today}).`, [{ where: 'option', path: name, message: 'needs 12 months of outcomes after it' }]);
  }
}

export interface TrainOptions {
  /** Features as on this date, outcomes in the 12 months from it. */
  indexDate: string;
  /** A later date to test on (temporal validation); by default a year later when its outcomes are in. */
  validateOn?: string | null;
  by: string;
  activate: boolean;
  today: string;
  now: Date;
  onProgress?: Progress;
}

export async function trainOnRecord(db: Db, options: TrainOptions): Promise<ModelVersion> {
  checkOutcomeDate('--index-date', options.indexDate, options.today);
  const next = shiftYears(options.indexDate, 1);
  const validateOn = options.validateOn === undefined ? (shiftYears(next, 1) <= options.today ? next : null) : options.validateOn;
  if (validateOn !== null) {
    checkOutcomeDate('--validate-on', validateOn, options.today);
    if (validateOn <= options.indexDate) throw riskError('risk_input_invalid', `--validate-on ${validateOn} must be after --index-date ${options.indexDate} (train on earlier years, test on a later one).`, [{ where: 'option', path: '--validate-on', message: 'after the index date' }]);
  }
  const [train, test] = await datasetsFromRecord(db, validateOn === null ? [options.indexDate] : [options.indexDate, validateOn], options.onProgress);
  if (!train || train.n === 0) throw riskError('risk_input_invalid', `No one in the record was alive on ${options.indexDate}.`);
  options.onProgress?.(train.n, 'fit');
  const model = await trainModel(train);
  return storeModel(db, {
    kind: 'trained', indexDate: options.indexDate, people: train.n, events: eventsOf(train), model, by: options.by, activate: options.activate,
    ...(test === undefined ? {} : { evaluate: (version: number) => reportOn(model, test, { version, indexDate: options.indexDate }, options.now) }),
  });
}

const modelRef = (v: Pick<ModelVersion, 'version' | 'indexDate' | 'model'>): EvaluationReport['model'] => ({ id: `emergency-admission-v${v.version}`, version: v.version, trained_on: v.indexDate, features: v.model.features.length });

function reportOn(model: RiskModel, data: Dataset, v: { version: number; indexDate: string }, now: Date, oracle?: Float64Array): EvaluationReport {
  return evaluationReport({
    model: modelRef({ version: v.version, indexDate: v.indexDate, model }),
    indexDate: data.indexDate,
    outcome: 'emergency admission to an acute hospital within 12 months',
    y: data.y,
    p: scoreDataset(model, data),
    ...(oracle === undefined ? {} : { oracle }),
    groups: data.groups,
    now,
  });
}

/** Recalibrates a stored model on the record's outcomes in the 12 months from `indexDate` (a new version). */
export async function recalibrateOnRecord(db: Db, options: { version?: number; indexDate: string; by: string; activate: boolean; today: string; onProgress?: Progress }): Promise<ModelVersion & { a: number; b: number }> {
  const base = await modelVersion(db, options.version);
  assertCompatible(base.model);
  checkOutcomeDate('--index-date', options.indexDate, options.today);
  const [data] = await datasetsFromRecord(db, [options.indexDate], options.onProgress);
  if (!data || data.n === 0) throw riskError('risk_input_invalid', `No one in the record was alive on ${options.indexDate}.`);
  const { model, a, b } = recalibrate(base.model, data);
  const saved = await storeModel(db, { kind: 'recalibrated', basedOn: base.id, indexDate: options.indexDate, people: data.n, events: eventsOf(data), model, by: options.by, activate: options.activate });
  return { ...saved, a, b };
}

/** A stored model's evaluation on the year from `indexDate`, beside the true risks when given (synthetic data), by record person id. */
export async function evaluateOnRecord(
  db: Queryable,
  options: { version?: number; indexDate: string; today: string; now: Date; oracle?: ReadonlyMap<string, number>; onProgress?: Progress },
): Promise<{ report: EvaluationReport; leftOut: number }> {
  const v = await modelVersion(db, options.version);
  assertCompatible(v.model);
  checkOutcomeDate('--index-date', options.indexDate, options.today);
  let [data] = await datasetsFromRecord(db, [options.indexDate], options.onProgress);
  if (!data || data.n === 0) throw riskError('risk_input_invalid', `No one in the record was alive on ${options.indexDate}.`);
  let leftOut = 0;
  let oracle: Float64Array | undefined;
  if (options.oracle !== undefined) {
    const truth = options.oracle;
    const keep = data.ids.map((id) => truth.has(id));
    leftOut = keep.filter((k) => !k).length;
    data = subset(data, keep);
    oracle = Float64Array.from(data.ids, (id) => truth.get(id) ?? 0);
  }
  return { report: reportOn(v.model, data, { version: v.version, indexDate: v.indexDate }, options.now, oracle), leftOut };
}

function subset(data: Dataset, keep: readonly boolean[]): Dataset {
  const rows = keep.flatMap((k, i) => (k ? [i] : []));
  const x = new Float64Array(new SharedArrayBuffer(rows.length * data.k * 8));
  rows.forEach((i, t) => { x.set(data.x.subarray(i * data.k, (i + 1) * data.k), t * data.k); });
  const pick = <T>(list: readonly T[]): T[] => rows.map((i) => list[i] as T);
  return {
    indexDate: data.indexDate, n: rows.length, k: data.k, x, y: Uint8Array.from(rows, (i) => data.y[i] ?? 0), ids: pick(data.ids),
    groups: { age: pick(data.groups.age), sex: pick(data.groups.sex), deprivation: pick(data.groups.deprivation) },
  };
}

export interface ScoreRun {
  id: string;
  version: number;
  indexDate: string;
  people: number;
  seconds: number;
}

/**
 * Scores everyone alive on `indexDate` with the active model (or `version`), writes each person's
 * risk, rank within their practice and reasons, and marks the run done: the worklists read the latest
 * done run, so a failed run leaves the last good lists in place.
 */
export async function scorePopulation(db: Db, options: { version?: number; indexDate: string; onProgress?: Progress }): Promise<ScoreRun> {
  if (!isDate(options.indexDate)) throw riskError('risk_input_invalid', `--index-date must be a date (YYYY-MM-DD), not "${options.indexDate}".`, [{ where: 'option', path: '--index-date', message: 'a date in YYYY-MM-DD form' }]);
  const started = performance.now();
  const v = await modelVersion(db, options.version);
  assertCompatible(v.model);
  const { rows } = await db.query<{ id: string }>(`INSERT INTO risk.score_run (model_version_id, index_date, status) VALUES ($1, $2, 'running') RETURNING id::text AS id`, [v.id, options.indexDate]);
  const runId = rows[0]?.id ?? '';
  try {
    const fit = { intercept: v.model.intercept, coefficients: Float64Array.from(v.model.coefficients) };
    const people: { id: string; practice: string | null; p: number; factors: Factor[] }[] = [];
    const row = new Float64Array(features.length);
    for await (const batch of recordActivities(db, { deprivation: await deprivationBySector(db) })) {
      for (const a of batch) {
        if (!eligible(a, options.indexDate)) continue;
        const s = summarise(a, options.indexDate);
        featureRow(s, row);
        people.push({ id: a.id, practice: a.practice, p: predictLogistic(fit, row, 1)[0] ?? 0, factors: explain(v.model, s) });
      }
      options.onProgress?.(people.length, 'score');
    }
    // Rank within each practice, highest risk first (ties by person id, so runs compare).
    const rank = new Map<string | null, number>();
    const order = people.map((_, i) => i).sort((a, b) => (people[b]?.p ?? 0) - (people[a]?.p ?? 0) || Number(people[a]?.id) - Number(people[b]?.id));
    const ranks = new Int32Array(people.length);
    for (const i of order) {
      const practice = people[i]?.practice ?? null;
      const next = (rank.get(practice) ?? 0) + 1;
      rank.set(practice, next);
      ranks[i] = next;
    }
    for (let from = 0; from < people.length; from += 5_000) {
      const part = people.slice(from, from + 5_000);
      await db.query(
        `INSERT INTO risk.score (run_id, person_id, practice, probability, practice_rank, factors)
         SELECT $1, p, pr, pb, rk, f::jsonb FROM unnest($2::bigint[], $3::text[], $4::float8[], $5::int[], $6::text[]) AS v(p, pr, pb, rk, f)`,
        [runId, part.map((x) => x.id), part.map((x) => x.practice), part.map((x) => x.p), Array.from(ranks.subarray(from, from + part.length)), part.map((x) => JSON.stringify(x.factors))],
        { prepared: true },
      );
      options.onProgress?.(from + part.length, 'write');
    }
    await db.query(`UPDATE risk.score_run SET status = 'done', finished_at = now(), people = $2 WHERE id = $1`, [runId, people.length]);
    await db.query('ANALYZE risk.score');
    return { id: runId, version: v.version, indexDate: options.indexDate, people: people.length, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
  } catch (error) {
    await db.query(`UPDATE risk.score_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [runId, (error as Error).message]);
    throw error;
  }
}

export interface ImpactReport {
  run: { id: string; indexDate: string; modelVersion: number };
  followUp: { from: string; to: string };
  comparison: MatchedComparison;
  /** What before-and-after on the same people would have shown (emergency admissions in the year before against the year after), to show why it is not used. */
  beforeAfter: { before: number; after: number; people: number };
}

/**
 * Judges case management without fooling ourselves (DOMAIN.md §9, Roland et al., BMJ 2005): the
 * people enrolled from a scoring run against people on the same run who were not, matched on
 * predicted risk within sex and age band, over the 12 months from the run's index date;
 * and against their own predicted rate. That year must have passed.
 */
export async function impactOnRecord(db: Queryable, options: { runId?: string; today: string; onProgress?: Progress }): Promise<ImpactReport> {
  const { rows: runs } = await db.query<{ id: string; index_date: string; version: number }>(
    `SELECT r.id::text AS id, r.index_date::text AS index_date, m.version FROM risk.score_run r JOIN risk.model_version m ON m.id = r.model_version_id
      WHERE r.status = 'done' AND ($1::bigint IS NULL OR r.id = $1) AND EXISTS (SELECT 1 FROM risk.decision d WHERE d.run_id = r.id AND d.kind = 'enrolled')
      ORDER BY r.finished_at DESC LIMIT 1`,
    [options.runId ?? null],
  );
  const run = runs[0];
  if (!run) throw riskError('no_scores', options.runId === undefined ? 'No scoring run has anyone enrolled from it yet.' : `Run ${options.runId} does not exist, is not finished, or has no one enrolled from it.`);
  checkOutcomeDate('the run\'s index date', run.index_date, options.today);
  const { rows: scored } = await db.query<{ person_id: string; probability: number; practice: string | null; enrolled: boolean }>(
    `SELECT s.person_id::text AS person_id, s.probability, s.practice,
            EXISTS (SELECT 1 FROM risk.decision d WHERE d.person_id = s.person_id AND d.run_id = $1 AND d.kind = 'enrolled') AS enrolled
       FROM risk.score s WHERE s.run_id = $1`,
    [run.id],
  );
  const byPerson = new Map(scored.map((s) => [s.person_id, s]));
  const to = shiftYears(run.index_date, 1);
  const year = shiftYears(run.index_date, -1);
  const enrolled: Candidate[] = [];
  const pool: Candidate[] = [];
  const beforeAfter = { before: 0, after: 0, people: 0 };
  const emergencies = (a: PersonActivity, from: string, until: string): number => a.spells.filter((s) => s.emergency && s.acute && s.start.slice(0, 10) >= from && s.start.slice(0, 10) < until).length;
  let done = 0;
  for await (const batch of recordActivities(db)) {
    for (const a of batch) {
      const score = byPerson.get(a.id);
      if (score === undefined) continue;
      const groups = subgroupsOf(summarise(a, run.index_date));
      const died = a.deathDate === null ? to : a.deathDate.slice(0, 10);
      const followUpDays = Math.max(0, Math.min(365, Math.round((Date.parse(died < to ? died : to) - Date.parse(run.index_date)) / 86_400_000)));
      const candidate: Candidate = { id: a.id, risk: score.probability, strata: { sex: groups.sex, age: groups.age }, admissions: emergencies(a, run.index_date, to), followUpDays };
      if (score.enrolled) {
        enrolled.push(candidate);
        beforeAfter.people++;
        beforeAfter.before += emergencies(a, year, run.index_date);
        beforeAfter.after += candidate.admissions;
      } else pool.push(candidate);
    }
    done += batch.length;
    options.onProgress?.(done, 'read');
  }
  return { run: { id: run.id, indexDate: run.index_date, modelVersion: run.version }, followUp: { from: run.index_date, to }, comparison: matchedComparison(enrolled, pool), beforeAfter };
}
