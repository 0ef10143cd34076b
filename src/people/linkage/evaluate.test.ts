import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinkageInputError, readCsvRecords, readTruthPairs } from './csv-records.js';
import { evaluateClusters, evaluatePairs, pairKey } from './evaluate.js';

describe('evaluation against true pairs', () => {
  const truth = new Set([pairKey('a', 'b'), pairKey('c', 'd'), pairKey('e', 'f')]);
  const pairs: [string, string][] = [['b', 'a'], ['c', 'd'], ['a', 'c'], ['e', 'x']];
  const probabilities = [0.99, 0.6, 0.7, 0.2];

  it('counts precision, recall and F1 at the threshold, whichever way round a pair is written', () => {
    const { atThreshold } = evaluatePairs((p) => pairs[p] ?? ['', ''], probabilities, truth, 0.65);
    expect(atThreshold).toMatchObject({ predicted: 2, truePositives: 1, truePairs: 3, precision: 0.5 });
    expect(atThreshold.recall).toBeCloseTo(1 / 3, 10);
    expect(atThreshold.f1).toBeCloseTo(0.4, 10);
  });

  it('finds the threshold with the best F1 among the pairs\' probabilities', () => {
    const { best } = evaluatePairs((p) => pairs[p] ?? ['', ''], probabilities, truth, 0.65);
    // Above 0.99 only: P 1, R 1/3, F1 0.5; down to 0.6: P 2/3, R 2/3, F1 0.667.
    expect(best.threshold).toBe(0.6);
    expect(best.f1).toBeCloseTo(2 / 3, 10);
  });

  it('scores clusters by the pairs they imply', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const a = evaluateClusters(ids, Int32Array.from([0, 0, 0, 3, 4, 4]), truth);
    // Implied: a-b, a-c, b-c, e-f; right: a-b, e-f.
    expect(a).toMatchObject({ predicted: 4, truePositives: 2, precision: 0.5 });
  });
});

describe('reading records from CSV', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-linkage-'));

  it('trims header names and values, as FEBRL files need', async () => {
    const file = path.join(dir, 'febrl-like.csv');
    writeFileSync(file, 'rec_id, given_name, surname\nrec-1-org, michaela, neumann\nrec-1-dup-0, michaela , newman\n');
    const records = await readCsvRecords(file, 'rec_id', ['surname']);
    expect(records.header).toEqual(['rec_id', 'given_name', 'surname']);
    expect(records.ids).toEqual(['rec-1-org', 'rec-1-dup-0']);
    expect(records.columns.surname).toEqual(['neumann', 'newman']);
  });

  it('refuses an id used twice, naming the file and record', async () => {
    const file = path.join(dir, 'twice.csv');
    writeFileSync(file, 'id,surname\n1,smith\n1,jones\n');
    await expect(readCsvRecords(file, 'id', ['surname'])).rejects.toThrow(/twice\.csv, record 2: id "1" is used by an earlier record/);
    await expect(readCsvRecords(path.join(dir, 'none.csv'), 'id', [])).rejects.toThrow(LinkageInputError);
  });

  it('reads true pairs as unordered pairs', async () => {
    const file = path.join(dir, 'truth.csv');
    writeFileSync(file, 'rec_id_l,rec_id_r\nrec-3-dup-0,rec-3-org\n');
    expect(await readTruthPairs(file, pairKey)).toEqual(new Set([pairKey('rec-3-org', 'rec-3-dup-0')]));
  });
});
