import { describe, expect, it } from 'vitest';
import { abbreviateChecksum, formatCount, formatDateTime, formatRowCount } from './format.js';

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
