import { describe, expect, it } from 'vitest';
import { areNicknames, buildComparator } from './comparators.js';
import { normaliserFor, postcodeParts } from './normalise.js';
import { readSettings, type ComparisonKind, type FieldSettings } from './settings.js';

function field(comparison: ComparisonKind, extra: Record<string, unknown> = {}): FieldSettings {
  const settings = readSettings({ id: 'id', fields: [{ column: 'x', comparison, ...extra }], blocking: [['x']] });
  return settings.fields[0] as FieldSettings;
}

/** The level label of two raw values, or "null" when either is missing after cleaning. */
function levelOf(f: FieldSettings, x: string, y: string): string {
  const clean = normaliserFor(f);
  const [a, b] = [clean(x), clean(y)];
  if (a === '' || b === '') return 'null';
  const dictionary = a === b ? [a] : [a, b];
  const comparator = buildComparator(f, dictionary);
  return comparator.labels[a === b ? 0 : comparator.level(0, 1)] ?? '?';
}

describe('name levels', () => {
  const name = field('name');
  it.each([
    ['Smith', 'SMITH ', 'exact'],
    ['Margaret', 'Margret', 'jaro-winkler-0.92'],
    ['Robert', 'Bob', 'nickname'],
    ['Katherine', 'Kate', 'nickname'],
    ['Stephen', 'Steven', 'metaphone'],
    ['Catherine', 'Kathryn', 'metaphone'],
    ['Philips', 'Filips', 'metaphone'],
    ['Martin', 'Marvin', 'jaro-winkler-0.92'],
    ['Jonathan', 'Johanna', 'jaro-winkler-0.8'],
    ['J', 'John', 'initial'],
    ['Smith', 'Jones', 'else'],
    ['', 'Jones', 'null'],
    ['Zoë', 'zoe', 'exact'],
    ["O'Brien", 'obrien', 'exact'],
  ])('%j and %j: %s', (x, y, level) => {
    expect(levelOf(name, x, y)).toBe(level);
    expect(levelOf(name, y, x)).toBe(level);
  });

  it('reads nicknames from the table both ways and across groups', () => {
    expect(areNicknames('harry', 'henry')).toBe(true);
    expect(areNicknames('harry', 'harold')).toBe(true);
    expect(areNicknames('henry', 'harold')).toBe(false);
  });
});

describe('date of birth levels', () => {
  const dob = field('date');
  it.each([
    ['19510203', '1951-02-03', 'exact'],
    ['19510203', '19510302', 'day-month-swapped'],
    ['19510203', '19510208', 'one-digit'],
    ['19510203', '19520203', 'one-digit'],
    ['19510203', '19150203', 'one-digit'],
    ['19590203', '19600203', 'year-1'],
    ['19590203', '19600204', 'else'],
    ['03/02/1951', '19510203', 'exact'],
    ['19510203', 'unknown', 'null'],
  ])('%s and %s: %s', (x, y, level) => {
    expect(levelOf(dob, x, y)).toBe(level);
  });
});

describe('UK postcode levels', () => {
  const postcode = field('uk-postcode');
  it.each([
    ['ZQ3 4LP', 'zq34lp', 'full'],
    ['ZQ3 4LP', 'ZQ3 4LQ', 'sector'],
    ['ZQ3 4LP', 'ZQ3 5AB', 'district'],
    ['ZQ3 4LP', 'ZQ3', 'district'],
    ['ZQ3 4LP', 'ZQ7 1AA', 'area'],
    ['SW1A 1AA', 'SW1A 2AA', 'district'],
    ['ZQ3 4LP', 'AB1 1AA', 'else'],
    ['ZQ3 4LP', '', 'null'],
  ])('%s and %s: %s', (x, y, level) => {
    expect(levelOf(postcode, x, y)).toBe(level);
  });

  it('splits a postcode into area, district and sector', () => {
    expect(postcodeParts('SW1A1AA')).toEqual({ area: 'SW', district: 'SW1A', sector: 'SW1A 1' });
    expect(postcodeParts('4223')).toBeUndefined();
  });

  it('leaves four-digit postcodes (FEBRL, Australia) to a code comparison', () => {
    const code = field('code');
    expect(levelOf(code, '4223', '4223')).toBe('exact');
    expect(levelOf(code, '4223', '4233')).toBe('one-edit');
    expect(levelOf(code, '4223', '2135')).toBe('else');
  });
});

describe('identifier levels', () => {
  it.each([
    ['5304218', '5304218', 'exact'],
    ['5304218', '5302418', 'transposition'],
    ['5304218', '5304219', 'one-digit'],
    ['5304218', '1234567', 'else'],
    ['', '1234567', 'null'],
  ])('without a check, %s and %s: %s', (x, y, level) => {
    expect(levelOf(field('identifier'), x, y)).toBe(level);
  });

  it('treats an NHS number that fails the check digit as missing', () => {
    const nhs = field('identifier', { check: 'nhs-number' });
    expect(levelOf(nhs, '999 000 0018', '9990000018')).toBe('exact');
    expect(levelOf(nhs, '9990000018', '9990000026')).toBe('else');
    expect(levelOf(nhs, '9990000018', '9990000081')).toBe('null');
    expect(levelOf(nhs, '9990000018', '0000000000')).toBe('null');
  });
});

describe('sex and text levels', () => {
  it('reads sex codes and leaves unknown sex missing', () => {
    const sex = field('sex');
    expect(levelOf(sex, 'male', 'M')).toBe('exact');
    expect(levelOf(sex, 'F', 'M')).toBe('else');
    expect(levelOf(sex, 'unknown', 'M')).toBe('null');
  });

  it('grades text by edits and Jaro–Winkler bands from the settings', () => {
    const text = field('text', { jaroWinkler: [0.9, 0.6] });
    expect(levelOf(text, 'stanley street', 'stanley streer')).toBe('one-edit');
    expect(levelOf(text, 'stanley street', 'stanly stret')).toBe('jaro-winkler-0.9');
    expect(levelOf(text, 'stanley street', 'stanmore avenue')).toBe('jaro-winkler-0.6');
    expect(levelOf(text, 'stanley street', 'pinkerton circuit')).toBe('else');
  });
});
