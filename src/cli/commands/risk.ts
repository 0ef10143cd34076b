import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { allMigrations } from '../../joinedup.js';
import { type ConfigFlags, type Db, loadConfig, migrate } from '../../platform/index.js';
import {
  evaluateOnRecord, evaluateOnSyntheticLocality, FrailtyInputError, frailtyOf, impactOnRecord, listModelVersions, loadAreaDeprivation, recalibrateOnRecord, reportHtml, riskError,
  scorePopulation, storeModel, syntheticDates, trainOnRecord, type EvaluationReport, type ModelVersion,
} from '../../risk/index.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { readJsonInput, reportDocumentProblems } from '../json-input.js';
import { createProgress } from '../progress.js';

/**
 * `joinedup risk frailty --input people.json`: the eFI and HFRS of each person in the file, as JSON
 * on standard output (docs/risk/frailty.md). A file that cannot be read, is not JSON, or holds a
 * problem is refused with every problem and where it is (exit 2), and nothing is printed.
 */
export async function riskFrailtyCommand(flags: { input: string }): Promise<ExitCode> {
  const read = await readJsonInput(flags.input);
  if (read === undefined) return exitCodes.usage;
  try {
    process.stdout.write(`${JSON.stringify(frailtyOf(read.document))}\n`);
    return exitCodes.ok;
  } catch (error) {
    if (!(error instanceof FrailtyInputError)) throw error;
    reportDocumentProblems(flags.input, error.problems, 'scored');
    return exitCodes.usage;
  }
}

type DbFlags = Pick<ConfigFlags, 'dataDir'>;
const today = (): string => new Date().toISOString().slice(0, 10);
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const operator = (): string => `${os.userInfo().username} (command line)`;
const wholeNumber = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw riskError('risk_input_invalid', `${name} must be a whole number, not "${text}".`, [{ where: 'option', path: name, message: 'a whole number' }]);
  return Number(text);
};

function progressOf(label: string): { onProgress: (done: number, stage: string) => void; finish: (message: string) => void } {
  const progress = createProgress(label, 'people');
  const stages: Record<string, string> = { read: 'reading the record', fit: 'fitting', score: 'scoring', write: 'writing scores' };
  return { onProgress: (done, stage) => { progress.update(done, done + 1, stages[stage] ?? stage); }, finish: (message) => { progress.finish(message); } };
}

/** Deprivation deciles by postcode sector from a CSV (columns postcode_sector and deprivation_decile, or imd_decile); a message when it cannot be read. */
export async function readAreas(file: string): Promise<{ sector: string; decile: number }[] | string> {
  let rows: Record<string, string>[];
  try {
    rows = parse(await readFile(file, 'utf8'), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true });
  } catch (error) {
    return `cannot read ${file} as CSV: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  const first = rows[0] ?? {};
  const decileColumn = 'deprivation_decile' in first ? 'deprivation_decile' : 'imd_decile';
  if (!('postcode_sector' in first) || !(decileColumn in first)) return `${file} needs the columns postcode_sector and deprivation_decile (or imd_decile); nothing was loaded`;
  return rows.map((r) => ({ sector: (r.postcode_sector ?? '').toUpperCase(), decile: Number(r[decileColumn]) }));
}

/** `joinedup risk areas --input neighbourhoods.csv`: deprivation deciles by postcode sector. */
export async function riskAreasCommand(flags: DbFlags & { input: string }): Promise<ExitCode> {
  const areas = await readAreas(flags.input);
  if (typeof areas === 'string') {
    process.stderr.write(`joinedup: ${areas}\n`);
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const loaded = await loadAreaDeprivation(db, areas, flags.input);
    process.stdout.write(`loaded the deprivation decile of ${loaded.toLocaleString('en-GB')} postcode sectors from ${flags.input}\n`);
    return exitCodes.ok;
  });
}

export function describeVersion(v: ModelVersion): string {
  const validation = v.evaluation === null ? 'no later year to validate on yet'
    : `validated on ${v.evaluation.index_date}: AUROC ${v.evaluation.auroc.toFixed(3)} (95% CI ${v.evaluation.auroc_ci95[0].toFixed(3)}–${v.evaluation.auroc_ci95[1].toFixed(3)}), calibration slope ${v.evaluation.calibration_slope.toFixed(2)}, in the large ${v.evaluation.calibration_in_the_large.toFixed(3)}, PPV in the top 1% ${percent(v.evaluation.ppv_at['0.01'] ?? 0)}`;
  return `model version ${v.version} (${v.kind}${v.basedOn === null ? '' : ` from version ${v.basedOn}`}): ${v.people.toLocaleString('en-GB')} people on ${v.indexDate}, ${v.events.toLocaleString('en-GB')} admitted in the year after; ${validation}${v.active ? '; active' : ''}`;
}

const syntheticPeople = (text: string): number => {
  const people = wholeNumber('--synthetic', text) ?? 0;
  if (people < 2_000 || people > 2_000_000) throw riskError('risk_input_invalid', `--synthetic must be from 2,000 to 2,000,000 people, not ${people}.`, [{ where: 'option', path: '--synthetic', message: 'from 2000 to 2000000' }]);
  return people;
};

/**
 * `joinedup risk train --index-date D [--validate-on D2] [--activate]`: fits the model on the record
 * and stores it as a new version; with `--synthetic N`, on a synthetic locality simulated in memory
 * (a starting model for a site with too little history, to recalibrate on its own outcomes).
 */
export async function riskTrainCommand(flags: DbFlags & { indexDate?: string; validateOn?: string; activate?: boolean; synthetic?: string; seed?: string }): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    if (flags.synthetic !== undefined) {
      const progress = createProgress('risk train', 'people');
      const people = syntheticPeople(flags.synthetic);
      const result = await evaluateOnSyntheticLocality({ people, seed: wholeNumber('--seed', flags.seed) ?? 2026, now: new Date(), onProgress: (done, total) => { progress.update(done, total, 'simulating'); } });
      const v = await storeModel(db, {
        kind: 'trained', indexDate: syntheticDates.train, ...result.trained, model: result.model, by: `${operator()}, synthetic locality of ${people.toLocaleString('en-GB')}`,
        activate: flags.activate === true, evaluate: (version) => ({ ...result.report, model: { ...result.report.model, id: `emergency-admission-v${version}`, version } }),
      });
      progress.finish(describeVersion(v));
      return exitCodes.ok;
    }
    if (flags.indexDate === undefined) throw riskError('risk_input_invalid', 'Say which year to train on: --index-date YYYY-MM-DD (or --synthetic N).', [{ where: 'option', path: '--index-date', message: 'required' }]);
    const progress = progressOf('risk train');
    const v = await trainOnRecord(db, {
      indexDate: flags.indexDate, ...(flags.validateOn === undefined ? {} : { validateOn: flags.validateOn }), by: operator(), activate: flags.activate === true,
      today: today(), now: new Date(), onProgress: progress.onProgress,
    });
    progress.finish(describeVersion(v));
    return exitCodes.ok;
  });
}

/** `joinedup risk recalibrate --index-date D [--model V] [--activate]`: refits a stored model's intercept and slope on local outcomes. */
export async function riskRecalibrateCommand(flags: DbFlags & { indexDate: string; model?: string; activate?: boolean }): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const progress = progressOf('risk recalibrate');
    const version = wholeNumber('--model', flags.model);
    const v = await recalibrateOnRecord(db, { ...(version === undefined ? {} : { version }), indexDate: flags.indexDate, by: operator(), activate: flags.activate === true, today: today(), onProgress: progress.onProgress });
    progress.finish(`${describeVersion(v)}; logit p′ = ${v.a.toFixed(3)} + ${v.b.toFixed(3)} × logit p`);
    return exitCodes.ok;
  });
}

/** `joinedup risk score [--model V] [--index-date D]`: scores everyone and writes the worklists (the nightly job). */
export async function riskScoreCommand(flags: DbFlags & { model?: string; indexDate?: string }): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const progress = progressOf('risk score');
    const version = wholeNumber('--model', flags.model);
    const run = await scorePopulation(db, { ...(version === undefined ? {} : { version }), indexDate: flags.indexDate ?? today(), onProgress: progress.onProgress });
    progress.finish(`scored ${run.people.toLocaleString('en-GB')} people on ${run.indexDate} with model version ${run.version} in ${run.seconds} s (run ${run.id}); the worklists show it now`);
    return exitCodes.ok;
  });
}

/** `joinedup risk models`: the stored versions, newest first. */
export async function riskModelsCommand(flags: DbFlags): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const versions = await listModelVersions(db);
    if (versions.length === 0) process.stdout.write('no model versions yet: train one with `joinedup risk train --index-date YYYY-MM-DD --activate`\n');
    for (const v of versions) process.stdout.write(`${describeVersion(v)}\n`);
    return exitCodes.ok;
  });
}

/**
 * The true risk of each person in the record, from a synthetic locality's truth files: each record
 * person is the true person most of their identities belong to (truth/source-records.csv), and
 * their true risk is the one for the year from the index date (truth/risk.csv).
 */
async function truthOracle(db: Db, dir: string, indexDate: string): Promise<Map<string, number>> {
  const read = async (file: string): Promise<Record<string, string>[]> => parse(await readFile(path.join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true });
  const [sources, risks] = await Promise.all([read('truth/source-records.csv'), read('truth/risk.csv')]);
  const truthOf = new Map(sources.map((r) => [`${r.source ?? ''}|${r.local_id ?? ''}`, r.person_id ?? '']));
  const riskOf = new Map(risks.filter((r) => r.year_start === indexDate).map((r) => [r.person_id ?? '', Number(r.true_probability)]));
  if (riskOf.size === 0) throw riskError('risk_input_invalid', `${path.join(dir, 'truth/risk.csv')} has no true risk for the year from ${indexDate}.`, [{ where: 'option', path: '--index-date', message: 'the first day of one of the locality\'s years' }]);
  const { rows } = await db.query<{ person_id: string; source_id: string; local_id: string }>('SELECT person_id::text AS person_id, source_id, local_id FROM people.identity');
  const votes = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const truth = truthOf.get(`${r.source_id}|${r.local_id}`);
    if (truth === undefined) continue;
    const v = votes.get(r.person_id) ?? new Map<string, number>();
    v.set(truth, (v.get(truth) ?? 0) + 1);
    votes.set(r.person_id, v);
  }
  const oracle = new Map<string, number>();
  for (const [person, v] of votes) {
    const [truth] = [...v].sort((a, b) => b[1] - a[1])[0] ?? [];
    const p = truth === undefined ? undefined : riskOf.get(truth);
    if (p !== undefined) oracle.set(person, p);
  }
  return oracle;
}

async function writeReport(report: EvaluationReport, out: string, html: string | undefined): Promise<void> {
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  if (html !== undefined) await writeFile(html, reportHtml(report));
}

function summariseReport(report: EvaluationReport): string {
  const oracle = report.auroc_oracle === undefined ? '' : ` (the truth: ${report.auroc_oracle.toFixed(3)})`;
  return `${report.people.toLocaleString('en-GB')} people on ${report.index_date}, ${report.events.toLocaleString('en-GB')} admitted: AUROC ${report.auroc.toFixed(3)}${oracle}, calibration slope ${report.calibration_slope.toFixed(2)}, in the large ${report.calibration_in_the_large.toFixed(3)}, PPV in the top 1% ${percent(report.ppv_at['0.01'] ?? 0)}`;
}

/**
 * `joinedup risk evaluate --out report.json [--html report.html]`: a stored model (`--model`, default
 * the active one) on the year from `--index-date`, with the true risk beside it from a synthetic
 * locality's folder (`--truth`); or, with `--synthetic N`, the model trained and tested on a
 * locality of N people simulated in memory (no database).
 */
export async function riskEvaluateCommand(flags: DbFlags & { out: string; html?: string; model?: string; indexDate?: string; truth?: string; synthetic?: string; seed?: string }): Promise<ExitCode> {
  if (flags.synthetic !== undefined) {
    const people = syntheticPeople(flags.synthetic);
    const progress = createProgress('risk evaluate', 'people');
    const result = await evaluateOnSyntheticLocality({ people, seed: wholeNumber('--seed', flags.seed) ?? 2026, now: new Date(), onProgress: (done, total) => { progress.update(done, total, 'simulating'); } });
    await writeReport(result.report, flags.out, flags.html);
    progress.finish(`${summariseReport(result.report)}; written to ${flags.out}${flags.html === undefined ? '' : ` and ${flags.html}`}`);
    return exitCodes.ok;
  }
  if (flags.indexDate === undefined) throw riskError('risk_input_invalid', 'Say which year to evaluate on: --index-date YYYY-MM-DD (or --synthetic N).', [{ where: 'option', path: '--index-date', message: 'required' }]);
  const indexDate = flags.indexDate;
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const progress = progressOf('risk evaluate');
    const version = wholeNumber('--model', flags.model);
    const oracle = flags.truth === undefined ? undefined : await truthOracle(db, flags.truth, indexDate);
    const { report, leftOut } = await evaluateOnRecord(db, { ...(version === undefined ? {} : { version }), indexDate, today: today(), now: new Date(), ...(oracle === undefined ? {} : { oracle }), onProgress: progress.onProgress });
    await writeReport(report, flags.out, flags.html);
    progress.finish(`${summariseReport(report)}${leftOut > 0 ? ` (${leftOut} people without a true risk left out)` : ''}; written to ${flags.out}${flags.html === undefined ? '' : ` and ${flags.html}`}`);
    return exitCodes.ok;
  });
}

/** `joinedup risk impact [--run ID] --out impact.json`: the people enrolled from a run against matched controls over the year after. */
export async function riskImpactCommand(flags: DbFlags & { out: string; run?: string }): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const progress = progressOf('risk impact');
    const run = wholeNumber('--run', flags.run);
    const impact = await impactOnRecord(db, { ...(run === undefined ? {} : { runId: String(run) }), today: today(), onProgress: progress.onProgress });
    await writeFile(flags.out, `${JSON.stringify(impact, null, 2)}\n`);
    const c = impact.comparison;
    const ci = (e: { estimate: number; ci95: [number, number] }, f: (x: number) => string): string => `${f(e.estimate)} (95% CI ${f(e.ci95[0])} to ${f(e.ci95[1])})`;
    progress.finish([
      `run ${impact.run.id} (${impact.run.indexDate}): ${c.enrolled} enrolled, ${c.matchedCases} matched to ${c.controls} controls on predicted risk within sex and age band (${c.unmatchedCases.length} without a close control)`,
      `  admitted in the year after: enrolled ${percent(c.casesAdmittedShare)}, matched controls ${percent(c.controlsAdmittedShare)}, predicted ${percent(c.predictedShare)}; difference ${ci(c.riskDifference, (x) => `${(x * 100).toFixed(1)} points`)}`,
      `  (before and after on the same people, which regression to the mean makes misleading: ${impact.beforeAfter.before} admissions in the year before, ${impact.beforeAfter.after} after)`,
      `  written to ${flags.out}`,
    ].join('\n'));
    return exitCodes.ok;
  });
}
