// Acceptance tests on the FEBRL synthetic person data sets (Christen, "Febrl"), against the F1
// that Splink reaches on them: FEBRL4 link 0.9998, FEBRL3 dedupe 0.9954.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, readTruthPairs, type CsvRecords } from './csv-records.js';
import { evaluateClusters, evaluatePairs, pairKey, type Evaluation } from './evaluate.js';
import { explainCandidate, linkRecords, pairsAtOrAbove, type LinkResult } from './link.js';
import { probabilityOf } from './score.js';
import { readSettings } from './settings.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const data = path.join(root, 'test/fixtures/febrl');
if (!existsSync(path.join(data, 'dataset4a.csv'))) throw new Error(`The FEBRL data sets are expected in ${data}`);
const settings = readSettings(JSON.parse(readFileSync(path.join(root, 'docs/linkage/febrl.json'), 'utf8')));
const columns = [...settings.fields.map((f) => f.column), ...settings.blocking.flat().map((p) => p.column)];

const read = (file: string): Promise<CsvRecords> => readCsvRecords(path.join(data, file), settings.id, columns);

function evaluate(result: LinkResult, truth: ReadonlySet<string>): Evaluation {
  const { features, pairs } = result;
  return evaluatePairs((p) => [features.ids(pairs.a[p] ?? 0), features.ids(pairs.b[p] ?? 0)], Array.from(result.weights, probabilityOf), truth, settings.thresholds.link);
}

/** FNV-1a of the id: the same 30% of records lose their soc_sec_id on every run. */
function blanked(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 100 < 30;
}

const report = (name: string, e: Evaluation, extra = ''): void => {
  const a = e.atThreshold;
  console.log(`${name}: F1 ${a.f1.toFixed(4)} (precision ${a.precision.toFixed(4)}, recall ${a.recall.toFixed(4)}) at ${settings.thresholds.link}; best F1 ${e.best.f1.toFixed(4)} at ${e.best.threshold.toFixed(4)}${extra}`);
};

describe('FEBRL4: linking dataset4a to dataset4b', () => {
  it('finds the true pairs with F1 ≥ 0.999, and explains each score', async () => {
    const [left, right, truth] = await Promise.all([read('dataset4a.csv'), read('dataset4b.csv'), readTruthPairs(path.join(data, 'febrl4_true_pairs.csv'), pairKey)]);
    const result = linkRecords({ settings, left, right });
    const e = evaluate(result, truth);
    report('FEBRL4', e);
    expect(e.atThreshold.f1).toBeGreaterThanOrEqual(0.999);
    expect(result.skipped).toEqual([]);
    const top = pairsAtOrAbove(result, settings.thresholds.link)[0] ?? 0;
    const why = explainCandidate(result, top);
    expect(why.fields.map((f) => f.field)).toEqual(settings.fields.map((f) => f.name));
    expect(why.priorWeight + why.fields.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(result.weights[top] ?? 0, 3);
    expect(why.fields.every((f) => f.level === 'null' ? f.weight === 0 : f.m !== undefined && f.u !== undefined)).toBe(true);
  });

  it('keeps F1 ≥ 0.99 when 30% of dataset4b has no soc_sec_id', async () => {
    const [left, right, truth] = await Promise.all([read('dataset4a.csv'), read('dataset4b.csv'), readTruthPairs(path.join(data, 'febrl4_true_pairs.csv'), pairKey)]);
    const ssn = right.columns.soc_sec_id as string[];
    let blank = 0;
    right.ids.forEach((id, i) => {
      if (blanked(id)) {
        ssn[i] = '';
        blank++;
      }
    });
    expect(blank / right.ids.length).toBeCloseTo(0.3, 1);
    const result = linkRecords({ settings, left, right });
    const e = evaluate(result, truth);
    report('FEBRL4, 30% soc_sec_id blank', e);
    expect(e.atThreshold.f1).toBeGreaterThanOrEqual(0.99);
  });
});

describe.each([
  ['FEBRL3', 'dataset3.csv', 'febrl3_true_pairs.csv', 0.995],
  ['FEBRL1', 'dataset1.csv', 'febrl1_true_pairs.csv', 0.99],
  ['FEBRL2', 'dataset2.csv', 'febrl2_true_pairs.csv', 0.99],
])('%s: deduplicating %s', (name, file, truthFile, floor) => {
  it(`finds the duplicates with F1 ≥ ${floor}, pair by pair and in clusters`, async () => {
    const [records, truth] = await Promise.all([read(file), readTruthPairs(path.join(data, truthFile), pairKey)]);
    const result = linkRecords({ settings, left: records });
    const e = evaluate(result, truth);
    const clusters = evaluateClusters(records.ids, result.clusters ?? new Int32Array(0), truth);
    report(name, e, `; clusters F1 ${clusters.f1.toFixed(4)} (precision ${clusters.precision.toFixed(4)}, recall ${clusters.recall.toFixed(4)})`);
    expect(e.atThreshold.f1).toBeGreaterThanOrEqual(floor);
    expect(clusters.f1).toBeGreaterThanOrEqual(floor);
  });
});
