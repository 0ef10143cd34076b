import { describe, expect, it } from 'vitest';
import { isFhirDateTime } from './fhir-date.js';

describe('FHIR R4 date and dateTime', () => {
  it.each([
    '2024',
    '2024-02',
    '2024-02-29',
    '2000-02-29',
    '1974-12-25',
    '2015-02-07T13:28:17Z',
    '2015-02-07T13:28:17.239+02:00',
    '2015-02-07T23:59:60-05:00',
    '2017-01-01T00:00:00+14:00',
  ])('%s is real', (text) => {
    expect(isFhirDateTime(text)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['0000-01-01', 'year zero'],
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', 'a century that is not a leap year'],
    ['2023-02-30', 'no 30 February'],
    ['2023-04-31', 'April has 30 days'],
    ['2023-13-01', 'no month 13'],
    ['2023-00-10', 'no month 0'],
    ['2023-1-5', 'digits missing'],
    ['23-01-05', 'two-digit year'],
    ['05/01/2023', 'a UK-style date'],
    ['2023-01-05T10:00', 'no seconds or time zone'],
    ['2023-01-05T10:00:00', 'no time zone'],
    ['2023-01-05T24:00:00Z', 'hour 24'],
    ['2023-01-05T10:00:00+15:00', 'zone beyond +14:00'],
    ['2023-01-05 10:00:00Z', 'a space for T'],
    ['2023-01-05Z', 'a zone without a time'],
  ])('%s is not (%s)', (text) => {
    expect(isFhirDateTime(text)).toBe(false);
  });
});
