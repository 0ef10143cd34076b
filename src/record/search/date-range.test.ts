// The instants a date covers, by its precision (R4 "Search" §3.1.1.4.2).
import { describe, expect, it } from 'vitest';
import { approximateRange, dateRange, periodRange } from './date-range.js';

describe('the range of a date, by precision', () => {
  const cases: readonly [string, string, string][] = [
    ['2024', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'],
    ['2024-02', '2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'],
    ['2024-12', '2024-12-01T00:00:00Z', '2025-01-01T00:00:00Z'],
    ['2024-02-29', '2024-02-29T00:00:00Z', '2024-03-01T00:00:00Z'],
    ['2024-03-05T10:30', '2024-03-05T10:30:00Z', '2024-03-05T10:31:00Z'],
    ['2024-03-05T10:30:00', '2024-03-05T10:30:00Z', '2024-03-05T10:30:01Z'],
    ['2024-03-05T10:30:00Z', '2024-03-05T10:30:00Z', '2024-03-05T10:30:01Z'],
    ['2024-03-05T10:30:00+01:00', '2024-03-05T09:30:00Z', '2024-03-05T09:30:01Z'],
    ['2024-01-01T00:30:00+05:30', '2023-12-31T19:00:00Z', '2023-12-31T19:00:01Z'],
    ['2024-03-05T23:30:00-05:00', '2024-03-06T04:30:00Z', '2024-03-06T04:30:01Z'],
    ['2024-03-05T10:30:00.5Z', '2024-03-05T10:30:00.500000Z', '2024-03-05T10:30:00.600000Z'],
    ['2024-03-05T10:30:59.999Z', '2024-03-05T10:30:59.999000Z', '2024-03-05T10:31:00Z'],
    ['2024-03-05T10:30:00.1234567Z', '2024-03-05T10:30:00.123456Z', '2024-03-05T10:30:00.123457Z'],
    ['0001', '0001-01-01T00:00:00Z', '0002-01-01T00:00:00Z'],
    ['9999-12-31', '9999-12-31T00:00:00Z', '10000-01-01T00:00:00Z'],
  ];
  it.each(cases)('%s covers [%s, %s)', (text, low, high) => {
    expect(dateRange(text)).toEqual({ low, high });
  });

  it.each(['', '24', '2024-13', '2024-00', '2023-02-29', '2024-04-31', '2024-03-05T24:00:00Z', '2024-03-05T10', '2024-03-05T10:30:00+15:00', '0000', '2024-3-5', 'yesterday'])(
    '%s is not a date', (text) => {
      expect(dateRange(text)).toBeUndefined();
    });
});

describe('periods and ap', () => {
  it('covers a period from the start of its start to the end of its end, an absent end open', () => {
    expect(periodRange('2024-01', '2024-01-15')).toEqual({ low: '2024-01-01T00:00:00Z', high: '2024-01-16T00:00:00Z' });
    expect(periodRange('2024-01-01', undefined)).toEqual({ low: '2024-01-01T00:00:00Z', high: 'infinity' });
    expect(periodRange(undefined, '2024')).toEqual({ low: '-infinity', high: '2025-01-01T00:00:00Z' });
    expect(periodRange(undefined, undefined)).toBeUndefined();
    expect(periodRange('not a date', '2024')).toBeUndefined();
  });

  it('widens ap by a tenth of the gap between now and the value, either side', () => {
    expect(approximateRange('2014-01-01', new Date('2024-01-01T00:00:00Z'))).toEqual({ low: '2012-12-31T19:12:00Z', high: '2015-01-02T04:48:00Z' });
    expect(approximateRange('2024-01-01', new Date('2024-01-01T00:00:00Z'))).toEqual({ low: '2024-01-01T00:00:00Z', high: '2024-01-02T00:00:00Z' });
  });
});
