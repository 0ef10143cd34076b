/**
 * Identifiers that do not give the truth away. A spell id or hospital number must not reveal which
 * synthetic person it belongs to (or a linkage test could cheat), yet must be unique and reproducible.
 * A four-round Feistel permutation over 36-bit numbers (person index × 8192 + a sequence number)
 * gives exactly that: a bijection, so no two inputs share an id, that looks random.
 */
const halfBits = 18;
const halfMask = (1 << halfBits) - 1;

function round(value: number, key: number): number {
  let h = (value ^ key) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) & halfMask;
}

/** Scrambles a number below 2^36 into another below 2^36, differently for each key. */
export function permute(n: number, key: number): number {
  let left = Math.floor(n / 2 ** halfBits) & halfMask;
  let right = n & halfMask;
  for (let i = 0; i < 4; i++) {
    const next = left ^ round(right, key * 4 + i + 1);
    left = right;
    right = next;
  }
  return left * 2 ** halfBits + right;
}

/** Sequence numbers per person and kind must stay below this. */
export const maxSequence = 8192;

/** An opaque id such as "SP0K3X9QF2" for the `sequence`-th record of a kind for a person. */
export function opaqueId(prefix: string, key: number, personIndex: number, sequence: number): string {
  if (sequence >= maxSequence) throw new RangeError(`Too many ${prefix} records for one person (${sequence})`);
  return `${prefix}${permute(personIndex * maxSequence + sequence, key).toString(36).toUpperCase().padStart(7, '0')}`;
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A UUID (version 4 layout) fixed by the numbers given, for FHIR fullUrls that must not change between
 * runs: four independently seeded 32-bit hashes of the parts, so 122 bits that look random.
 */
export function stableUuid(...parts: readonly number[]): string {
  let hex = '';
  for (let word = 0; word < 4; word++) {
    let h = wordSeeds[word] ?? 0;
    for (const part of parts) {
      h = fmix32(h ^ (part >>> 0));
      if (part >= 2 ** 32) h = fmix32(h ^ Math.floor(part / 2 ** 32));
    }
    hex += h.toString(16).padStart(8, '0');
  }
  const variant = ((parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const wordSeeds = [1, 2, 3, 4].map((w) => fmix32(Math.imul(0x9e3779b9, w)));
