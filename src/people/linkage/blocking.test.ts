import { describe, expect, it } from 'vitest';
import { candidatePairs } from './blocking.js';
import { blockingKeys, buildFeatures, type RecordTable } from './features.js';
import { readSettings } from './settings.js';

const settings = readSettings({
  id: 'id',
  fields: [{ column: 'surname', comparison: 'name' }, { column: 'dob', comparison: 'date' }],
  blocking: [['surname'], ['dob'], [{ column: 'surname', key: 'first-letter' }, { column: 'dob', key: 'year' }]],
});

const people: RecordTable = {
  ids: ['a', 'b', 'c', 'd', 'e'],
  columns: {
    surname: ['Smith', 'smith', 'Smyth', 'Jones', ''],
    dob: ['19510203', '19510203', '1951-07-01', '19510203', '19510203'],
  },
};

const pairList = (p: { a: Int32Array; b: Int32Array }): string[] => Array.from(p.a, (a, i) => `${a}-${p.b[i] ?? -1}`).sort();

describe('blocking', () => {
  it('makes each pair once across rules combined with OR, and never pairs a missing key', () => {
    const features = buildFeatures(settings, people);
    const pairs = candidatePairs(features, settings.blocking, { maxBlockPairs: 1000 });
    // surname: 0-1; dob: 0-3, 0-4, 1-3, 1-4, 3-4 (0-1 made already); s + 1951: 0-2, 1-2.
    expect(pairList(pairs)).toEqual(['0-1', '0-2', '0-3', '0-4', '1-2', '1-3', '1-4', '3-4']);
    expect(pairs.pairsPerRule).toEqual([1, 5, 2]);
    expect(Array.from(pairs.rule)).toHaveLength(8);
  });

  it('keys derived values: first letter and year', () => {
    const features = buildFeatures(settings, people);
    const keys = blockingKeys(features, settings.blocking[2] ?? []);
    expect(keys[0]).toBe(keys[2]);
    expect(keys[0]).not.toBe(keys[3]);
    expect(keys[4]).toBe(-1);
  });

  it('pairs only left with right records in a link', () => {
    const right: RecordTable = { ids: ['x', 'y'], columns: { surname: ['Smith', 'Jones'], dob: ['20000101', '20000101'] } };
    const left: RecordTable = { ids: ['a', 'b'], columns: { surname: ['Smith', 'Smith'], dob: ['19990101', '19990101'] } };
    const features = buildFeatures(settings, left, right);
    expect(pairList(candidatePairs(features, settings.blocking, { maxBlockPairs: 1000 }))).toEqual(['0-2', '1-2']);
  });

  it('skips a block bigger than the cap and says which, while other rules still pair its records', () => {
    const features = buildFeatures(settings, people);
    const pairs = candidatePairs(features, settings.blocking, { maxBlockPairs: 3 });
    expect(pairs.skipped).toEqual([{ rule: 'dob', key: 'dob=19510203', pairs: 6 }]);
    expect(pairList(pairs)).toEqual(['0-1', '0-2', '1-2']);
  });
});
