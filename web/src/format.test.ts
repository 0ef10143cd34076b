import { describe, expect, it } from 'vitest';
import {
  abbreviateChecksum,
  formatBirthDateAndAge,
  formatCount,
  formatDate,
  formatDateOrDateTime,
  formatDateTime,
  formatNhsNumber,
  formatRowCount,
  ukCalendarDay,
} from './format.js';

describe('formatDateTime', () => {
  it.each([
    ['2026-11-23T04:40:00.000Z', '23 November 2026, 04:40'],
    // British Summer Time: UTC+1
    ['2026-07-01T23:30:00.000Z', '2 July 2026, 00:30'],
    ['2026-03-29T00:59:00.000Z', '29 March 2026, 00:59'],
    ['2026-03-29T01:00:00.000Z', '29 March 2026, 02:00'],
  ])('shows %s as %s in UK time', (iso, shown) => {
    expect(formatDateTime(iso)).toBe(shown);
  });

  it('returns text that is not a date unchanged', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('formatCount and formatRowCount', () => {
  it.each([
    [0, false, '0'],
    [1, false, '1'],
    [1234, false, '1,234'],
    [3_000_000, true, 'about 3,000,000'],
  ])('shows %d rows (estimated: %s) as %s', (rows, estimated, shown) => {
    expect(formatRowCount(rows, estimated)).toBe(shown);
  });

  it('separates thousands the British way', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('abbreviateChecksum', () => {
  it('keeps the first 12 characters', () => {
    expect(abbreviateChecksum('0123456789abcdef'.repeat(4))).toBe('0123456789ab');
  });
});

describe('formatDate and formatDateOrDateTime', () => {
  it.each([
    ['1941-03-07', '7 March 1941'],
    ['2024-12-31', '31 December 2024'],
    ['2024-02-29', '29 February 2024'],
  ])('shows the calendar date %s as %s, never shifted by time zone', (iso, shown) => {
    expect(formatDate(iso)).toBe(shown);
  });

  it.each(['2024-02-30', '2023-13-01', '07/03/1941', 'unknown'])('returns %s unchanged: it is not a real date', (text) => {
    expect(formatDate(text)).toBe(text);
  });

  it('formats a calendar date as a date and an instant with its UK time', () => {
    expect(formatDateOrDateTime('2024-01-02')).toBe('2 January 2024');
    expect(formatDateOrDateTime('2026-07-01T23:30:00.000Z')).toBe('2 July 2026, 00:30');
  });
});

describe('ukCalendarDay', () => {
  it.each([
    ['2024-01-02', '2024-01-02'],
    ['2026-07-01T23:30:00.000Z', '2026-07-02'],
    ['2026-01-01T23:30:00.000Z', '2026-01-01'],
    ['not a date', 'not a date'],
  ])('puts %s on the UK day %s', (value, day) => {
    expect(ukCalendarDay(value)).toBe(day);
  });
});

describe('formatNhsNumber', () => {
  it.each([
    ['9990001014', '999 000 1014'],
    ['999 000 1014', '999 000 1014'],
    ['12345', '12345'],
  ])('shows %s as %s', (text, shown) => {
    expect(formatNhsNumber(text)).toBe(shown);
  });
});

describe('formatBirthDateAndAge', () => {
  it.each([
    ['1941-03-07', 84, '7 March 1941 (84 years old)'],
    ['2024-05-01', 1, '1 May 2024 (1 year old)'],
    ['1941-03-07', null, '7 March 1941'],
    [null, 84, '84 years old'],
    [null, null, undefined],
  ] as const)('shows %s and age %s as %s', (birthDate, age, shown) => {
    expect(formatBirthDateAndAge(birthDate, age)).toBe(shown);
  });
});
