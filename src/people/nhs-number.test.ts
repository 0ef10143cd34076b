import { describe, expect, it } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, nhsNumberCheckDigit } from './nhs-number.js';

describe('NHS number check digit (modulus 11, NHS Data Dictionary)', () => {
  it.each([
    // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9
    ['943476591', 9],
    // sum 2 → remainder 2 → 9
    ['000000001', 9],
    // sum 10 → remainder 10 → 1
    ['000000005', 1],
    // sum 0 → remainder 0 → 11, which is written 0
    ['000000000', 0],
    // sum 12 → remainder 1 → 10: never issued
    ['000000006', undefined],
  ])('of %s is %s', (firstNine, check) => {
    expect(nhsNumberCheckDigit(firstNine)).toBe(check);
  });

  it('validates the display example from DOMAIN.md §5.2, with or without spaces', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });

  it('rejects a wrong check digit, a transposition, a never-issued prefix and anything not ten digits', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('9434765199')).toBe(false);
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`000000006${last}`)).toBe(false);
    for (const text of ['', '943476591', '94347659190', '943476591X', 'nine four three']) expect(isValidNhsNumber(text)).toBe(false);
  });

  it('catches every single-digit slip', () => {
    const valid = '9434765919';
    for (let at = 0; at < 10; at++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[at]) continue;
        expect(isValidNhsNumber(valid.slice(0, at) + String(d) + valid.slice(at + 1))).toBe(false);
      }
    }
  });
});
