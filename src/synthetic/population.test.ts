import { describe, expect, it } from 'vitest';
import { dayNumber } from './calendar.js';
import { resolveSynthOptions } from './options.js';
import { buildPlace } from './place.js';
import { buildShard, periodBounds, shardSize } from './population.js';

describe('households and people', () => {
  const options = resolveSynthOptions({ people: 30_000, seed: 4, olderShare: 0.19 });
  const place = buildPlace(options);
  const { start, end } = periodBounds(options.start, options.years);
  const shards = Array.from({ length: 10 }, (_, i) => buildShard({ seed: options.seed, people: options.people, start, end, olderShare: options.olderShare, place }, i));
  const people = shards.flatMap((s) => s.residents);

  it('fill each shard exactly and give the asked-for share aged 65+', () => {
    expect(shards.every((s) => s.residents.length === shardSize)).toBe(true);
    const older = people.filter((p) => start - p.born >= 65 * 365.25).length / people.length;
    expect(older).toBeGreaterThan(0.18);
    expect(older).toBeLessThan(0.2);
  });

  it('are the same for the same seed', () => {
    const again = buildShard({ seed: options.seed, people: options.people, start, end, olderShare: options.olderShare, place: buildPlace(options) }, 3);
    expect(again.residents).toEqual(shards[3]?.residents);
  });

  it('pair partners with each other and give a changed surname a date after birth', () => {
    for (const p of people) {
      if (p.partner !== undefined) expect(shards.find((s) => s.residents.includes(p))?.residents[p.partner]?.partner).toBeDefined();
      if (p.surnameChanged !== undefined) {
        expect(p.surnameChanged).toBeGreaterThan(p.born);
        expect(p.surname).not.toBe(p.birthSurname);
      }
    }
    expect(people.filter((p) => p.surnameChanged !== undefined).length).toBeGreaterThan(1_000);
  });

  it('give everyone contiguous address spells ending in the current one, in UK postcode format', () => {
    for (const p of people) {
      const spells = p.addresses;
      expect(spells[spells.length - 1]?.to).toBeUndefined();
      for (let i = 1; i < spells.length; i++) expect(spells[i]?.from).toBe(spells[i - 1]?.to);
      for (const s of spells) expect(s.address.postcode).toMatch(/^[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$/);
    }
  });

  it('register people with practices whose lists are 3,000 to 15,000', () => {
    const lists = new Map<string, number>();
    for (const p of people) lists.set(p.practice, (lists.get(p.practice) ?? 0) + 1);
    expect(lists.size).toBe(place.practices.length);
    for (const [, n] of lists) expect(n >= 3_000 && n <= 15_000).toBe(true);
  });

  it('put some older people in care homes, at the care home address', () => {
    const inHomes = people.filter((p) => p.careHomeAtStart !== undefined);
    expect(inHomes.length).toBeGreaterThan(50);
    for (const p of inHomes) expect(p.addresses[p.addresses.length - 1]?.address.careHome).toBe(p.careHomeAtStart);
    expect(dayNumber(options.start)).toBe(start);
  });
});
