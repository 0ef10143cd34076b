import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, csvLine, type CsvValue } from './csv.js';

describe('csvField', () => {
  const cases: readonly [CsvValue, string][] = [
    ['plain', 'plain'],
    ['', ''],
    [undefined, ''],
    [0, '0'],
    [42, '42'],
    [-3.5, '-3.5'],
    ['with space', 'with space'],
    [' padded ', ' padded '],
    ["O'Brien", "O'Brien"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['crlf\r\n', '"crlf\r\n"'],
    ['J18.9|I10', 'J18.9|I10'],
    ['Zoë Ñúñez', 'Zoë Ñúñez'],
  ];
  it.each(cases)('writes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('refuses numbers that have no CSV form', () => {
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('csvLine', () => {
  it('joins fields with commas and ends with LF', () => {
    expect(csvLine(['a', 1, undefined, 'b,c'])).toBe('a,1,,"b,c"\n');
  });

  it('writes an empty row as a bare newline and a row of one empty field the same way', () => {
    expect(csvLine([])).toBe('\n');
    expect(csvLine([undefined])).toBe('\n');
  });

  it('keeps trailing empty fields', () => {
    expect(csvLine(['a', undefined, undefined])).toBe('a,,\n');
  });

  it('writes a header from a file description', () => {
    expect(csvHeader({ path: 'x/y.csv', header: ['one', 'two'] })).toBe('one,two\n');
  });
});
