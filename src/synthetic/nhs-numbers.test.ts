import { describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../people/index.js';
import { syntheticNhsNumber, syntheticNhsNumberCapacity } from './nhs-numbers.js';

describe('synthetic NHS numbers', () => {
  it('are valid, in the never-issued 999 range, and different for every index', () => {
    const capacity = syntheticNhsNumberCapacity();
    // about 10 in 11 nine-digit prefixes have a check digit
    expect(capacity).toBeGreaterThan(900_000);
    expect(capacity).toBeLessThan(920_000);
    const seen = new Set<string>();
    for (let i = 0; i < capacity; i++) {
      const n = syntheticNhsNumber(i);
      if (i % 997 === 0) {
        expect(isValidNhsNumber(n), n).toBe(true);
        expect(Number(n)).toBeGreaterThanOrEqual(9_990_000_000);
      }
      seen.add(n);
    }
    expect(seen.size).toBe(capacity);
  });

  it('scatter neighbouring indices across the range', () => {
    const gaps = Array.from({ length: 100 }, (_, i) => Math.abs(Number(syntheticNhsNumber(i + 1)) - Number(syntheticNhsNumber(i))));
    expect(Math.min(...gaps)).toBeGreaterThan(1000);
  });

  it('refuse an index outside the range', () => {
    expect(() => syntheticNhsNumber(-1)).toThrow(RangeError);
    expect(() => syntheticNhsNumber(syntheticNhsNumberCapacity())).toThrow(/indexed 0 to/);
  });
});
