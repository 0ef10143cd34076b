/**
 * Record-linkage benchmark: links two synthetic sources of 1,000,000 person records each (750,000
 * people in both) and reports the time, the peak memory and precision and recall against the
 * known truth; and, as the baseline from the same run, FEBRL4 (5,000 × 5,000).
 *
 * The sources are made directly here rather than with `joinedup synth` (about five minutes for a
 * million people): names from the synthetic locality's UK name frequencies (src/synthetic/names.ts),
 * dates of birth from 1925 to 2020, 40,000 postcodes in 2,000 sectors (about 30 people a postcode,
 * as in England) and NHS numbers with valid check digits (nhsNumberFor). The right source carries
 * the errors of a social-care system, made with the same error functions the synthetic sources
 * use: 30% without an NHS number and 0.5% with another person's, forename typos (4%) and nicknames (5%), surname typos
 * (3%) and transpositions (1%), date-of-birth digit slips (2%) and day–month swaps (1%), 10% moved
 * house (half within the district), 2% postcode typos, 2% sex missing. The left source has 1% of each
 * of forename, surname and postcode typos and 5% without an NHS number.
 *
 * The link runs in a child process under GNU time, so that the peak resident memory is its own.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { linkRecords, nhsNumberCheckDigit, readSettings, type RecordTable, probabilityOf, readCsvRecords, readTruthPairs, evaluatePairs, pairKey } from '../src/people/index.js';
import { Random } from '../src/synthetic/index.js';
import { drawName, nicknameFor } from '../src/synthetic/names.js';
import { dobDigitSlip, postcodeError, transposition, typo } from '../src/synthetic/source-copies.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Settings for UK person records: forename, surname, date of birth, postcode, sex and NHS number. */
export const syntheticLinkSettings = {
  id: 'id',
  fields: [
    { column: 'forename', comparison: 'name', tf: true },
    { column: 'surname', comparison: 'name', tf: true },
    { column: 'dob', comparison: 'date', dateFormat: 'YYYY-MM-DD' },
    { column: 'postcode', comparison: 'uk-postcode', tf: true },
    { column: 'sex', comparison: 'sex' },
    { column: 'nhs', comparison: 'identifier', check: 'nhs-number' },
  ],
  blocking: [
    ['nhs'],
    ['dob', { column: 'surname', key: 'first-letter' }],
    ['postcode', { column: 'forename', key: 'first-letter' }],
    [{ column: 'surname', key: 'metaphone' }, { column: 'forename', key: 'metaphone' }, { column: 'dob', key: 'year' }],
  ],
  prior: { deterministic: [['nhs', 'dob']], recall: 0.65 },
  thresholds: { link: 0.9, review: 0.5 },
};

interface Sources {
  readonly left: RecordTable;
  readonly right: RecordTable;
  /** The person behind each record. */
  readonly leftPerson: Int32Array;
  readonly rightPerson: Int32Array;
  readonly overlap: number;
}

const letters = 'ABDEFGHJLNPQRSTUWXYZ';

/**
 * A distinct NHS number per person with a valid check digit. The never-issued 999 range holds only
 * about 909,000 valid numbers, too few here, so these are from 900 000 000 0 up (also never issued
 * in England) and exist only in memory: person i takes the first of the nine-digit bases
 * 900,000,000 + 11i … + 11i + 10 whose check digit exists.
 */
function nhsNumberFor(person: number): string {
  for (let k = 0; k < 11; k++) {
    const base = String(900_000_000 + person * 11 + k);
    const check = nhsNumberCheckDigit(base);
    if (check !== undefined) return `${base}${check}`;
  }
  throw new RangeError(`No NHS number for person ${person}`);
}

/** The index-th of 40,000 postcodes: 5 areas × 40 districts × 10 sectors × 20 units. */
function postcodeAt(index: number): string {
  const unit = index % 20;
  const sector = Math.floor(index / 20) % 10;
  const district = Math.floor(index / 200) % 40;
  const area = Math.floor(index / 8_000);
  return `${['ZQ', 'ZR', 'ZS', 'ZT', 'ZU'][area] ?? 'ZQ'}${district + 1} ${sector}${letters[unit] ?? 'A'}${letters[(sector + district) % 20] ?? 'B'}`;
}

/** Two sources of `size` records each, `overlap` people in both. */
export function syntheticSources(size: number, overlap: number, seed = 1): Sources {
  const people = 2 * size - overlap;
  const r = Random.stream(seed, 'linkage-bench');
  const units = 40_000;
  const person = {
    forename: new Array<string>(people), surname: new Array<string>(people), dob: new Array<string>(people),
    sex: new Array<string>(people), postcode: new Int32Array(people),
  };
  for (let i = 0; i < people; i++) {
    const sex = r.chance(0.5) ? 'female' : 'male';
    const year = 1925 + r.int(0, 95);
    const name = drawName(r, sex, year, r.chance(0.9) ? 0 : r.int(1, 18));
    person.forename[i] = name.forename;
    person.surname[i] = name.surname;
    person.dob[i] = `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    person.sex[i] = sex === 'female' ? 'F' : 'M';
    person.postcode[i] = r.int(0, units - 1);
  }
  const source = (from: number, kind: 'left' | 'right'): { table: RecordTable; persons: Int32Array } => {
    const ids: string[] = [];
    const columns = { forename: [] as string[], surname: [] as string[], dob: [] as string[], postcode: [] as string[], sex: [] as string[], nhs: [] as string[] };
    const persons = new Int32Array(size);
    const s = Random.stream(seed, 'linkage-bench', kind);
    const right = kind === 'right';
    for (let k = 0; k < size; k++) {
      const i = from + k;
      persons[k] = i;
      ids.push(`${kind[0] ?? ''}${k}`);
      let forename = person.forename[i] ?? '';
      if (right && s.chance(0.05)) forename = nicknameFor(forename, s) ?? forename;
      if (s.chance(right ? 0.04 : 0.01)) forename = typo(s, forename);
      let surname = person.surname[i] ?? '';
      if (s.chance(right ? 0.03 : 0.01)) surname = typo(s, surname);
      if (right && s.chance(0.01)) surname = transposition(s, surname);
      let dob = person.dob[i] ?? '';
      if (right && s.chance(0.02)) dob = dobDigitSlip(s, dob, '2024-12-31') ?? dob;
      if (right && s.chance(0.01) && Number(dob.slice(8, 10)) <= 12) dob = `${dob.slice(0, 5)}${dob.slice(8, 10)}-${dob.slice(5, 7)}`;
      let unit = person.postcode[i] ?? 0;
      if (right && s.chance(0.1)) unit = s.chance(0.5) ? Math.floor(unit / 200) * 200 + s.int(0, 199) : s.int(0, units - 1);
      let postcode = postcodeAt(unit);
      if (s.chance(right ? 0.02 : 0.01)) postcode = postcodeError(s, postcode);
      const nhsMissing = s.chance(right ? 0.3 : 0.05);
      const wrong = right && s.chance(0.005);
      columns.forename.push(forename);
      columns.surname.push(surname);
      columns.dob.push(dob);
      columns.postcode.push(postcode);
      columns.sex.push(right && s.chance(0.02) ? '' : (person.sex[i] ?? ''));
      columns.nhs.push(nhsMissing ? '' : nhsNumberFor(wrong ? s.int(0, people - 1) : i));
    }
    return { table: { ids, columns }, persons };
  };
  const left = source(0, 'left');
  const right = source(size - overlap, 'right');
  return { left: left.table, right: right.table, leftPerson: left.persons, rightPerson: right.persons, overlap };
}

interface ChildResult {
  generateSeconds: number;
  linkSeconds: number;
  stages: Record<string, number>;
  candidates: number;
  skipped: number;
  predicted: number;
  truePositives: number;
  truePairs: number;
}

/** Generates the sources and links them; run in the child process. */
function linkSynthetic(size: number): ChildResult {
  const settings = readSettings(syntheticLinkSettings);
  const began = performance.now();
  const sources = syntheticSources(size, Math.round(size * 0.75));
  const generated = performance.now();
  const result = linkRecords({ settings, left: sources.left, right: sources.right });
  const linkSeconds = (performance.now() - generated) / 1000;
  const bound = Math.log2(settings.thresholds.link / (1 - settings.thresholds.link));
  let predicted = 0;
  let truePositives = 0;
  const { a, b } = result.pairs;
  for (let p = 0; p < a.length; p++) {
    if ((result.weights[p] ?? -Infinity) < bound) continue;
    predicted++;
    if (sources.leftPerson[a[p] ?? 0] === sources.rightPerson[(b[p] ?? 0) - size]) truePositives++;
  }
  return {
    generateSeconds: (generated - began) / 1000, linkSeconds, stages: result.seconds, candidates: a.length,
    skipped: result.skipped.reduce((n, s) => n + s.pairs, 0), predicted, truePositives, truePairs: sources.overlap,
  };
}

async function febrlBaseline(): Promise<{ seconds: number; f1: number }> {
  const data = path.join(root, '../shared/data/febrl');
  const settings = readSettings(JSON.parse(readFileSync(path.join(root, 'docs/linkage/febrl.json'), 'utf8')));
  const columns = [...settings.fields.map((f) => f.column), ...settings.blocking.flat().map((p) => p.column)];
  const [left, right, truth] = await Promise.all([
    readCsvRecords(path.join(data, 'dataset4a.csv'), settings.id, columns),
    readCsvRecords(path.join(data, 'dataset4b.csv'), settings.id, columns),
    readTruthPairs(path.join(data, 'febrl4_true_pairs.csv'), pairKey),
  ]);
  const began = performance.now();
  const result = linkRecords({ settings, left, right });
  const seconds = (performance.now() - began) / 1000;
  const e = evaluatePairs((p) => [result.features.ids(result.pairs.a[p] ?? 0), result.features.ids(result.pairs.b[p] ?? 0)], Array.from(result.weights, probabilityOf), truth, settings.thresholds.link);
  return { seconds, f1: e.atThreshold.f1 };
}

/** Benchmark rows for docs/benchmarks.md. */
export async function linkageBench(size = 1_000_000): Promise<string[]> {
  const febrl = await febrlBaseline();
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync('/usr/bin/time', ['-f', 'peak-kib %M', process.execPath, '--max-old-space-size=5500', '--import', 'tsx', script, String(size)], { encoding: 'utf8', maxBuffer: 1 << 24, cwd: root });
  if (run.error || run.status !== 0) throw new Error(`the linkage benchmark failed (GNU time is needed: apt-get install time):\n${run.stderr}`);
  const peakGiB = Number(/peak-kib (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 2 ** 20;
  const r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
  const precision = r.truePositives / Math.max(1, r.predicted);
  const recall = r.truePositives / Math.max(1, r.truePairs);
  const n = (x: number): string => x.toLocaleString('en-GB');
  const stages = Object.entries(r.stages).filter(([, s]) => s > 0).map(([k, s]) => `${k} ${s.toFixed(1)}`).join(', ');
  return [
    `| link FEBRL4, 5,000 × 5,000 (baseline) | ${febrl.seconds.toFixed(2)} s, F1 ${febrl.f1.toFixed(4)} | baseline |`,
    `| link ${n(size)} × ${n(size)} synthetic records (${n(r.truePairs)} true pairs), one thread | ${r.linkSeconds.toFixed(1)} s (${stages}; generating the records ${r.generateSeconds.toFixed(1)} s more); peak memory ${peakGiB.toFixed(2)} GiB; ${n(r.candidates)} candidate pairs${r.skipped > 0 ? `, ${n(r.skipped)} in skipped blocks` : ''}; precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} at 0.9 | ${(r.linkSeconds / febrl.seconds).toFixed(0)}× FEBRL4; goal ≤ 120 s: ${r.linkSeconds <= 120 ? 'met' : 'NOT met'}; ≤ 6 GiB: ${peakGiB <= 6 ? 'met' : 'NOT met'} |`,
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(linkSynthetic(Number(process.argv[2] ?? 1_000_000))));
}
