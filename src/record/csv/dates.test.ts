import { describe, expect, it } from 'vitest';
import { formatPounds, packageSize, penceFromPounds } from './cld-money.js';
import { daysBetween, parseDate } from './dates.js';

describe('dates', () => {
  it.each<[string, string | undefined]>([
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', undefined],
    ['1900-02-29', undefined],
    ['2000-02-29', '2000-02-29'],
    ['2024-04-31', undefined],
    ['2024-13-01', undefined],
    ['2024-00-10', undefined],
    ['2024-01-00', undefined],
    ['2024-1-5', undefined],
    ['24-01-05', undefined],
    ['2024-01-05T10:30:00Z', '2024-01-05'],
    ['2024-01-05 10:30', '2024-01-05'],
    ['2024-01-05x', undefined],
    ['05/01/2024', '2024-01-05'],
    ['31/02/2024', undefined],
    ['1066-10-14', undefined],
    ['yesterday', undefined],
    ['', undefined],
  ])('"%s" is %s', (text, date) => {
    expect(parseDate(text)).toBe(date);
  });

  it('counts whole days between dates, across a leap day and the clock change', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysBetween('2024-01-09', '2024-01-02')).toBe(-7);
  });
});

describe('money in Client Level Data', () => {
  it.each<[string, number | undefined]>([
    ['26.50', 2650], ['26.5', 2650], ['26', 2600], ['0.05', 5], ['£1,050.00', 105000], ['912.00', 91200],
    ['26.505', undefined], ['-3.00', undefined], ['26,50', undefined], ['1,05.00', undefined], ['abc', undefined], ['', undefined],
  ])('"%s" is %s pence', (text, pence) => {
    expect(penceFromPounds(text)).toBe(pence);
  });

  it('writes pence as pounds', () => {
    expect([5, 2650, 105000, 123456789].map(formatPounds)).toEqual(['£0.05', '£26.50', '£1,050.00', '£1,234,567.89']);
  });

  it.each<[string, string, number | undefined, string]>([
    ['Hourly', '12', 2650, '12 hours a week (£26.50 an hour)'],
    ['Hourly', '1', 2650, '1 hour a week (£26.50 an hour)'],
    ['Hourly', '10.5', undefined, '10.5 hours a week'],
    ['Hourly', '', 2650, '£26.50 an hour'],
    ['Weekly', '1', 91200, '£912.00 a week'],
    ['Weekly', '', 91200, '£912.00 a week'],
    ['Weekly', '2', 3000, '2 units a week (£30.00 a week each)'],
    ['Daily', '3', 6000, '3 days a week (£60.00 a day)'],
    ['Monthly', '1', 10000, '1 unit a week (£100.00 a unit, Monthly)'],
    ['', '', undefined, ''],
  ])('%s, %s units, %s pence: "%s"', (frequency, units, pence, words) => {
    expect(packageSize(frequency, units, pence)).toBe(words);
  });
});
