import { describe, expect, it } from 'vitest';
import { opaqueId, permute, stableUuid } from './ids.js';

describe('opaque identifiers', () => {
  it('never repeat (the permutation is a bijection) and do not follow the person index', () => {
    const seen = new Set<number>();
    for (let n = 0; n < 200_000; n++) seen.add(permute(n * 37, 5));
    expect(seen.size).toBe(200_000);
    expect(opaqueId('SP', 1, 41, 0)).not.toBe(opaqueId('SP', 1, 42, 0));
    expect(opaqueId('SP', 1, 41, 0)).toBe(opaqueId('SP', 1, 41, 0));
  });

  it('make UUIDs in version 4 layout that are stable and distinct', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50_000; i++) ids.add(stableUuid(7, i, 0, 1, i % 9));
    expect(ids.size).toBe(50_000);
    expect(stableUuid(1, 2, 3)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid(1, 2, 3)).toBe(stableUuid(1, 2, 3));
  });
});
