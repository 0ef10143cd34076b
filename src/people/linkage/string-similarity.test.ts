import { doubleMetaphone } from 'double-metaphone';
import { describe, expect, it } from 'vitest';
import { hammingDistance, isAdjacentTransposition, jaro, jaroWinkler, withinOneEdit } from './string-similarity.js';

describe('Jaro and Jaro–Winkler', () => {
  // Winkler (1990) and the worked examples on Wikipedia's "Jaro–Winkler distance".
  it.each([
    ['MARTHA', 'MARHTA', 0.944, 0.961],
    ['DWAYNE', 'DUANE', 0.822, 0.84],
    ['DIXON', 'DICKSONX', 0.767, 0.813],
    ['JELLYFISH', 'SMELLYFISH', 0.896, 0.896],
  ])('%s and %s: Jaro %f, Jaro–Winkler %f', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(jw, 3);
  });

  it('gives 1 for the same string and 0 for nothing in common or an empty string', () => {
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('does not boost a common prefix when Jaro is 0.7 or less', () => {
    const j = jaro('abcdxxxxxx', 'abcdyyyyyyyy');
    expect(j).toBeLessThanOrEqual(0.7);
    expect(jaroWinkler('abcdxxxxxx', 'abcdyyyyyyyy')).toBe(j);
  });
});

describe('edits', () => {
  it.each([
    ['smith', 'smith', true],
    ['smith', 'smyth', true],
    ['smith', 'smit', true],
    ['smith', 'ssmith', true],
    ['smith', 'msith', true],
    ['smith', 'smiht', true],
    ['smith', 'smyht', false],
    ['smith', 'smithers', false],
    ['4223', '4232', true],
    ['4223', '4322', false],
  ])('%s → %s within one edit: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });

  it('tells a swap of neighbours from other differences', () => {
    expect(isAdjacentTransposition('1234567', '1243567')).toBe(true);
    expect(isAdjacentTransposition('1234567', '1234567')).toBe(false);
    expect(isAdjacentTransposition('1234567', '1234576')).toBe(true);
    expect(isAdjacentTransposition('1234567', '1534267')).toBe(false);
    expect(hammingDistance('19510203', '19510208')).toBe(1);
    expect(hammingDistance('1951', '19510')).toBe(-1);
  });
});

describe('Double Metaphone (the double-metaphone package)', () => {
  // The examples of the reference implementation's documentation.
  it.each([
    ['michael', ['MKL', 'MXL']],
    ['crevalle', ['KRFL', 'KRF']],
    ['Filipowitz', ['FLPTS', 'FLPFX']],
    ['Xavier', ['SF', 'SFR']],
    ['delicious', ['TLSS', 'TLXS']],
    ['acceptingness', ['AKSPTNNS', 'AKSPTNKNS']],
    ['allegrettos', ['ALKRTS', 'AKRTS']],
  ])('%s → %j', (word, codes) => {
    expect(doubleMetaphone(word)).toEqual(codes);
  });
});
