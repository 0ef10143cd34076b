/**
 * NHS numbers for synthetic people: valid under modulus 11 and drawn only from 999 000 0000 –
 * 999 999 9999, a range that is never issued to a real person, so synthetic records can never be
 * mistaken for (or linked to) anyone real. The range holds 909,091 valid numbers; a place larger
 * than that must reuse numbers or leave some people without one.
 */
import { nhsNumberCheckDigit } from '../people/index.js';

const rangeStart = 999_000_000;
const prefixes = 1_000_000;

let valid: Int32Array | undefined;

/** Offsets (from 999 000 000) of the nine-digit prefixes that have a check digit, with that digit. */
function validNumbers(): Int32Array {
  if (valid) return valid;
  const found = new Int32Array(prefixes);
  let n = 0;
  for (let offset = 0; offset < prefixes; offset++) {
    const check = nhsNumberCheckDigit(String(rangeStart + offset));
    if (check !== undefined) found[n++] = offset * 10 + check;
  }
  valid = found.slice(0, n);
  return valid;
}

/** How many distinct synthetic NHS numbers there are. */
export function syntheticNhsNumberCapacity(): number {
  return validNumbers().length;
}

/** An odd multiplier coprime with the capacity, to scatter numbers across the range. */
function scatter(capacity: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let a = 611_953;
  while (gcd(a, capacity) !== 1) a += 2;
  return a;
}

/**
 * The synthetic NHS number for the index-th identity (0-based): a bijection, so every index below
 * the capacity gets a different number, and neighbouring indices get unrelated-looking numbers.
 */
export function syntheticNhsNumber(index: number): string {
  const numbers = validNumbers();
  const capacity = numbers.length;
  if (!Number.isInteger(index) || index < 0 || index >= capacity) {
    throw new RangeError(`Synthetic NHS numbers are indexed 0 to ${capacity - 1}, not ${index}`);
  }
  const slot = Number((BigInt(index) * BigInt(scatter(capacity)) + 7919n) % BigInt(capacity));
  const tail = numbers[slot] ?? 0;
  return `999${String(tail).padStart(7, '0')}`;
}
