import { describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../people/index.js';
import type { Person, SourceIdentity, SourceSystem } from './model.js';
import { syntheticNhsNumber } from './nhs-numbers.js';
import { Random } from './random.js';
import {
  defaultSourceErrorRates,
  dobDigitSlip,
  postcodeError,
  sourceCopies,
  transposition,
  typo,
  type SourceErrorRates,
} from './source-copies.js';

const oldAddress = { line1: '3 Cliff Terrace', town: 'Brixford', postcode: 'ZQ2 7HN', neighbourhood: 4 };
const newAddress = { line1: '14 Harbour View', town: 'Tormouth', postcode: 'ZQ3 4LP', neighbourhood: 1 };

/** A person every error can apply to: a forename with nicknames, a changed surname, a day of birth ≤ 12, a move. */
const person: Person = {
  id: 'P0000042',
  index: 42,
  householdId: 'H00000007',
  sex: 'female',
  forename: 'Margaret',
  middleName: 'Elizabeth',
  surname: 'Harris',
  birthSurname: 'Pengelly',
  surnameChanged: '2022-06-14',
  dateOfBirth: '1952-03-07',
  ethnicity: 0,
  nhsNumber: syntheticNhsNumber(42),
  practice: 'Z00001',
  addresses: [
    { from: '1990-01-01', to: '2021-05-01', address: oldAddress },
    { from: '2021-05-01', address: newAddress },
  ],
  dateOfDeath: '2024-02-10',
  phone: '07700 900123',
};

const household = [syntheticNhsNumber(43), syntheticNhsNumber(44)];
const none: SourceErrorRates = {
  nhsNumberMissing: 0, nhsNumberWrong: 0, typo: 0, transposition: 0, nickname: 0, maidenName: 0, dobDayMonthSwap: 0,
  dobDigitSlip: 0, staleAddress: 0, duplicate: 0, missingMiddleName: 0, postcodeError: 0, sexUnknown: 0,
};

function copies(rates: SourceErrorRates, random: Random, over: { recordedOn?: string; others?: readonly string[] } = {}): SourceIdentity[] {
  return sourceCopies({
    person,
    source: 'council',
    rates,
    random,
    recordedOn: over.recordedOn ?? '2024-03-31',
    localId: (k) => `LA${person.index}-${k}`,
    otherNhsNumbers: over.others ?? household,
    anyNhsNumber: () => syntheticNhsNumber(random.int(0, 900_000)),
  });
}

const first = (list: readonly SourceIdentity[]): SourceIdentity => {
  const copy = list[0];
  if (!copy) throw new Error('no copy');
  return copy;
};

const truth: SourceIdentity = {
  source: 'council',
  localId: 'LA42-0',
  personId: 'P0000042',
  nhsNumber: person.nhsNumber,
  forename: 'Margaret',
  middleName: 'Elizabeth',
  surname: 'Harris',
  dateOfBirth: '1952-03-07',
  sex: 'female',
  line1: '14 Harbour View',
  town: 'Tormouth',
  postcode: 'ZQ3 4LP',
  phone: '07700 900123',
  dateOfDeath: '2024-02-10',
  errors: [],
};

/** The characters of an ASCII text, one by one. */
const chars = (text: string): string[] => Array.from({ length: text.length }, (_, i) => text.charAt(i));
/** How many positions two texts of the same length differ at. */
const differences = (a: string, b: string): number => chars(a).filter((c, i) => c !== b.charAt(i)).length;

function isRealIsoDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

describe('source copies', () => {
  it('equal the truth when there are no errors', () => {
    expect(copies(none, Random.stream(1, 'none'))).toEqual([truth]);
  });

  it('are the same for the same stream', () => {
    const rates = defaultSourceErrorRates.council;
    const run = (): SourceIdentity[][] => {
      const r = Random.stream(2, 'same');
      return Array.from({ length: 500 }, () => copies({ ...rates, typo: 0.3, duplicate: 0.2 }, r));
    };
    expect(run()).toEqual(run());
  });

  it('hold what was true when the source last updated: the old address and birth surname, no death yet', () => {
    const copy = first(copies(none, Random.stream(3, 'old'), { recordedOn: '2020-01-01' }));
    expect(copy).toMatchObject({ surname: 'Pengelly', line1: '3 Cliff Terrace', town: 'Brixford', postcode: 'ZQ2 7HN' });
    expect(copy.dateOfDeath).toBeUndefined();
    expect(copy.errors).toEqual(['maiden-name', 'stale-address']);
  });

  const applied: [keyof SourceErrorRates, string, (copy: SourceIdentity) => boolean][] = [
    ['nhsNumberMissing', 'nhs-number-missing', (c) => c.nhsNumber === undefined],
    ['nhsNumberWrong', 'nhs-number-wrong', (c) => c.nhsNumber !== undefined && household.includes(c.nhsNumber)],
    ['typo', 'typo', (c) => c.forename !== 'Margaret' || c.surname !== 'Harris'],
    ['transposition', 'transposition', (c) => c.forename !== 'Margaret' || c.surname !== 'Harris'],
    ['nickname', 'nickname', (c) => ['Maggie', 'Peggy', 'Meg', 'Madge', 'Margie'].includes(c.forename)],
    ['maidenName', 'maiden-name', (c) => c.surname === 'Pengelly'],
    ['dobDayMonthSwap', 'dob-day-month-swap', (c) => c.dateOfBirth === '1952-07-03'],
    ['dobDigitSlip', 'dob-digit-slip', (c) => c.dateOfBirth !== '1952-03-07' && isRealIsoDate(c.dateOfBirth ?? '')],
    ['staleAddress', 'stale-address', (c) => c.line1 === '3 Cliff Terrace' && c.postcode === 'ZQ2 7HN'],
    ['missingMiddleName', 'missing-middle-name', (c) => c.middleName === undefined],
    ['postcodeError', 'postcode-error', (c) => c.postcode !== 'ZQ3 4LP' && c.line1 === '14 Harbour View'],
    ['sexUnknown', 'sex-unknown', (c) => c.sex === 'unknown'],
  ];

  it.each(applied)('apply and record %s when its rate is 1', (rate, error, visible) => {
    const r = Random.stream(4, rate);
    for (let i = 0; i < 50; i++) {
      const list = copies({ ...none, [rate]: 1 }, r);
      expect(list).toHaveLength(1);
      const copy = first(list);
      expect(copy.errors).toEqual([error]);
      expect(visible(copy), JSON.stringify(copy)).toBe(true);
    }
  });

  it('make up to three duplicates, each marked and with its own local id', () => {
    const list = copies({ ...none, duplicate: 1 }, Random.stream(5, 'duplicates'));
    expect(list.map((c) => c.localId)).toEqual(['LA42-0', 'LA42-1', 'LA42-2', 'LA42-3']);
    expect(list.map((c) => c.errors)).toEqual([[], ['duplicate'], ['duplicate'], ['duplicate']]);
  });

  it('put in each error about as often as its rate', () => {
    const n = 20_000;
    const rate = 0.1;
    const rates: SourceErrorRates = { ...none };
    for (const key of Object.keys(none) as (keyof SourceErrorRates)[]) rates[key] = rate;
    const r = Random.stream(6, 'frequencies');
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const list = copies(rates, r);
      if (list.length > 1) counts.set('duplicate', (counts.get('duplicate') ?? 0) + 1);
      for (const error of first(list).errors) counts.set(error, (counts.get(error) ?? 0) + 1);
    }
    const tolerance = 5 * Math.sqrt((rate * (1 - rate)) / n);
    for (const [, error] of applied) {
      expect(Math.abs((counts.get(error) ?? 0) / n - rate), error).toBeLessThan(tolerance);
    }
    expect(Math.abs((counts.get('duplicate') ?? 0) / n - rate)).toBeLessThan(tolerance);
  });

  it('make duplicates noisier than first copies, since details that differ are why a record is not found', () => {
    const r = Random.stream(7, 'noisier');
    let firsts = 0;
    let duplicates = 0;
    let firstErrors = 0;
    let duplicateErrors = 0;
    for (let i = 0; i < 5_000; i++) {
      const list = copies({ ...defaultSourceErrorRates.hospital, duplicate: 0.5 }, r);
      list.forEach((copy, k) => {
        const errors = copy.errors.filter((e) => e !== 'duplicate').length;
        if (k === 0) {
          firsts++;
          firstErrors += errors;
        } else {
          duplicates++;
          duplicateErrors += errors;
        }
      });
    }
    expect(duplicateErrors / duplicates).toBeGreaterThan((2 * firstErrors) / firsts);
  });

  it('give wrong NHS numbers that pass modulus 11 and are not the person’s, with or without others at hand', () => {
    const r = Random.stream(8, 'wrong');
    for (const others of [household, [], [person.nhsNumber]]) {
      for (let i = 0; i < 200; i++) {
        const copy = first(copies({ ...none, nhsNumberWrong: 1 }, r, { others }));
        expect(copy.nhsNumber).toBeDefined();
        expect(isValidNhsNumber(copy.nhsNumber ?? '')).toBe(true);
        expect(copy.nhsNumber).not.toBe(person.nhsNumber);
      }
    }
  });

  it('keep dates of birth real dates, never after the copy was made', () => {
    const r = Random.stream(9, 'dates');
    const births = ['1952-03-07', '1948-02-29', '2000-02-29', '1931-12-31', '2024-03-30', '1960-01-10'];
    for (const dateOfBirth of births) {
      for (let i = 0; i < 500; i++) {
        const copy = first(
          sourceCopies({
            person: { ...person, dateOfBirth },
            source: 'hospital',
            rates: { ...none, dobDayMonthSwap: 0.5, dobDigitSlip: 1 },
            random: r,
            recordedOn: '2024-03-31',
            localId: () => 'X',
            otherNhsNumbers: [],
            anyNhsNumber: () => syntheticNhsNumber(1),
          }),
        );
        expect(isRealIsoDate(copy.dateOfBirth ?? ''), copy.dateOfBirth).toBe(true);
        expect((copy.dateOfBirth ?? '') <= '2024-03-31').toBe(true);
      }
    }
  });

  it('never swap day and month when the day is over 12 or equals the month', () => {
    const r = Random.stream(10, 'swap');
    for (const dateOfBirth of ['1952-03-13', '1952-04-04']) {
      const copy = first(
        sourceCopies({
          person: { ...person, dateOfBirth }, source: 'gp', rates: { ...none, dobDayMonthSwap: 1 }, random: r, recordedOn: '2024-03-31',
          localId: () => 'X', otherNhsNumbers: [], anyNhsNumber: () => syntheticNhsNumber(1),
        }),
      );
      expect(copy.dateOfBirth).toBe(dateOfBirth);
      expect(copy.errors).toEqual([]);
    }
  });
});

describe('the errors themselves', () => {
  const r = Random.stream(11, 'errors');

  it('a typo is one edit: a neighbouring key, or a letter dropped or doubled', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const slipped = typo(r, 'Margaret');
      expect(slipped).not.toBe('Margaret');
      expect(Math.abs(slipped.length - 8)).toBeLessThanOrEqual(1);
      if (slipped.length === 8) {
        expect(differences(slipped, 'Margaret')).toBe(1);
      }
      seen.add(slipped);
    }
    expect(seen.size).toBeGreaterThan(30);
  });

  it('a transposition swaps two neighbouring letters after the first', () => {
    for (let i = 0; i < 500; i++) {
      const swapped = transposition(r, 'Harris');
      expect(swapped).not.toBe('Harris');
      expect(swapped[0]).toBe('H');
      expect(chars(swapped).sort()).toEqual(chars('Harris').sort());
    }
    expect(transposition(r, 'Ee')).toBe('Ee');
  });

  it('a postcode error drops the space or changes one character to another of its kind', () => {
    for (let i = 0; i < 500; i++) {
      const wrong = postcodeError(r, 'ZQ3 4LP');
      expect(wrong).not.toBe('ZQ3 4LP');
      if (wrong.length === 6) expect(wrong).toBe('ZQ34LP');
      else expect(wrong).toMatch(/^[A-Z]{2}\d \d[A-Z]{2}$/);
    }
  });

  it('a digit slip changes one digit of the day or year', () => {
    for (let i = 0; i < 500; i++) {
      const slipped = dobDigitSlip(r, '1952-03-07', '2024-03-31') ?? '';
      expect(isRealIsoDate(slipped)).toBe(true);
      expect(slipped.slice(5, 7)).toBe('03');
      expect(differences(slipped, '1952-03-07')).toBe(1);
    }
  });
});

describe('default error rates', () => {
  const sources: SourceSystem[] = ['gp', 'hospital', 'community', 'council'];

  it('match the calibration: NHS numbers and duplicates', () => {
    expect(defaultSourceErrorRates.council.nhsNumberMissing).toBe(0.08);
    expect(defaultSourceErrorRates.council.nhsNumberWrong).toBe(0.01);
    expect(defaultSourceErrorRates.community.nhsNumberMissing).toBe(0.03);
    expect(defaultSourceErrorRates.gp.nhsNumberMissing).toBe(0.002);
    expect(defaultSourceErrorRates.hospital.nhsNumberMissing).toBe(0.01);
    expect(sources.map((s) => defaultSourceErrorRates[s].duplicate)).toEqual([0.003, 0.015, 0.01, 0.02]);
  });

  it('make the GP the most accurate source for every kind of error', () => {
    for (const key of Object.keys(none) as (keyof SourceErrorRates)[]) {
      for (const source of sources) expect(defaultSourceErrorRates.gp[key]).toBeLessThanOrEqual(defaultSourceErrorRates[source][key]);
    }
  });
});
