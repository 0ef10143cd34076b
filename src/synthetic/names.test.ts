import { describe, expect, it } from 'vitest';
import type { Sex } from './model.js';
import { birthCohort, drawForename, drawName, drawSurname, nicknameFor, streetName, townName } from './names.js';
import { Random } from './random.js';
import { ethnicGroups, ethnicityNotKnown, ethnicityRefused, ethnicityWeights, whiteBritish } from './reference/ethnicity.js';
import { nicknames } from '../people/index.js';
import { britishForenames, commonSurnames, groupNames, moreSurnames } from './reference/names.js';
import { streetNamesWhole, streetParts, streetSuffixes, towns } from './reference/streets.js';

const index = (label: string): number => ethnicGroups.findIndex((group) => group.label === label);

describe('reference lists', () => {
  it('hold the 19 ethnic groups of the 2021 Census and the two CLD "No data" values', () => {
    expect(ethnicGroups).toHaveLength(21);
    expect(new Set(ethnicGroups.map((g) => g.label)).size).toBe(21);
    expect(ethnicGroups[whiteBritish]?.label).toBe('White - English, Welsh, Scottish, Northern Irish or British');
    expect(ethnicGroups[ethnicityRefused]?.label).toBe('No data - Refused');
    expect(ethnicGroups[ethnicityNotKnown]?.label).toBe('No data - Undeclared or Not known');
    for (const group of ethnicGroups.slice(0, 19)) {
      expect(group.label).toMatch(/^(White|Mixed or Multiple ethnic groups|Asian, Asian British or Asian Welsh|Black, Black British, Black Welsh, Caribbean or African|Other ethnic group) - /);
      expect(group.nhsCode).toMatch(/^[A-HJ-NPRS]$/);
      expect(group.weight).toBeGreaterThan(0);
    }
    expect(ethnicGroups[index('White - Gypsy or Irish Traveller')]?.nhsCode).toBe('C');
    expect(ethnicGroups[index('White - Roma')]?.nhsCode).toBe('C');
    expect(ethnicGroups[index('Other ethnic group - Arab')]?.nhsCode).toBe('S');
    expect(ethnicGroups[index('Asian, Asian British or Asian Welsh - Chinese')]?.nhsCode).toBe('R');
    // an older coastal place: about 93% White British, and nobody's true group is "No data"
    const total = ethnicityWeights[ethnicityWeights.length - 1] ?? 0;
    expect(total).toBe(10_000);
    expect((ethnicGroups[whiteBritish]?.weight ?? 0) / total).toBeGreaterThan(0.92);
    expect((ethnicGroups[whiteBritish]?.weight ?? 0) / total).toBeLessThan(0.95);
    expect(ethnicGroups[ethnicityRefused]?.weight).toBe(0);
    expect(ethnicGroups[ethnicityNotKnown]?.weight).toBe(0);
  });

  it('have at least 60 distinct forenames per sex and cohort, 400 British surnames and 60 nicknamed names', () => {
    for (const sex of ['female', 'male'] as const) {
      expect(britishForenames[sex]).toHaveLength(5);
      for (const cohort of britishForenames[sex]) {
        expect(cohort.length).toBeGreaterThanOrEqual(60);
        expect(new Set(cohort).size).toBe(cohort.length);
      }
    }
    const british = [...commonSurnames.map(([name]) => name), ...moreSurnames];
    expect(new Set(british).size).toBe(british.length);
    expect(british.length).toBeGreaterThanOrEqual(400);
    expect(commonSurnames[0]).toEqual(['Smith', 1260]);
    expect(Object.keys(nicknames).length).toBeGreaterThanOrEqual(60);
    for (const [group, names] of Object.entries(groupNames)) {
      for (const list of [names.surnames, names.female, names.male]) {
        expect(list.length, group).toBeGreaterThanOrEqual(20);
        expect(new Set(list).size, group).toBe(list.length);
      }
    }
  });

  it('have 20 or more fictional towns and the everyday street suffixes', () => {
    expect(towns.length).toBeGreaterThanOrEqual(20);
    const real = ['Torquay', 'Paignton', 'Brixham', 'Dartmouth', 'Teignmouth', 'Dawlish', 'Salcombe', 'Kingsbridge', 'Totnes', 'Exmouth'];
    for (const [town] of towns) expect(real).not.toContain(town);
    const suffixes = streetSuffixes.map(([suffix]) => suffix);
    for (const suffix of ['Road', 'Street', 'Lane', 'Close', 'Avenue', 'Drive', 'Way', 'Terrace', 'Crescent', 'Gardens', 'Hill', 'View']) {
      expect(suffixes).toContain(suffix);
    }
  });
});

describe('drawing names', () => {
  it('gives the same names for the same stream', () => {
    const names = (seed: number): unknown[] => {
      const r = Random.stream(seed, 'names');
      return Array.from({ length: 200 }, (_, i) => [
        drawName(r, i % 2 ? 'male' : 'female', 1920 + (i % 100), i % 19),
        drawSurname(r, i % 19),
        nicknameFor('Robert', r),
        streetName(r),
        townName(r),
      ]);
    };
    expect(names(5)).toEqual(names(5));
    expect(names(5)).not.toEqual(names(6));
  });

  it('puts birth years in the right cohort', () => {
    expect([1900, 1944, 1945, 1964, 1965, 1984, 1985, 2004, 2005, 2030].map(birthCohort)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('draws forenames that change with the birth cohort', () => {
    const top = (sex: Sex, year: number): string => {
      const r = Random.stream(3, 'forenames', sex, year);
      const counts = new Map<string, number>();
      for (let i = 0; i < 20_000; i++) {
        const name = drawForename(r, sex, year, whiteBritish);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    };
    expect(top('female', 1935)).toBe('Margaret');
    expect(top('male', 1935)).toBe('John');
    expect(top('female', 2015)).toBe('Olivia');
    expect(top('male', 1975)).toBe('David');
  });

  it('gives about 60% of people a middle name, different from the forename, more often in older cohorts', () => {
    const share = (year: number): number => {
      const r = Random.stream(4, 'middle', year);
      let withMiddle = 0;
      for (let i = 0; i < 20_000; i++) {
        const name = drawName(r, i % 2 ? 'male' : 'female', year, whiteBritish);
        expect(name.middleName).not.toBe(name.forename);
        if (name.middleName !== undefined) withMiddle++;
      }
      return withMiddle / 20_000;
    };
    const old = share(1935);
    const young = share(2010);
    expect(old).toBeGreaterThan(young);
    expect(old).toBeGreaterThan(0.6);
    expect(young).toBeGreaterThan(0.5);
    expect(young).toBeLessThan(0.65);
  });

  it('never gives a man a surname only women carry, nor a household one', () => {
    const r = Random.stream(8, 'women-only');
    const indian = index('Asian, Asian British or Asian Welsh - Indian');
    const bangladeshi = index('Asian, Asian British or Asian Welsh - Bangladeshi');
    const womenOnly = ['Kaur', 'Begum', 'Bibi', 'Sultana'];
    const womens = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      for (const ethnicity of [indian, bangladeshi]) {
        expect(womenOnly).not.toContain(drawName(r, 'male', 1970, ethnicity).surname);
        expect(womenOnly).not.toContain(drawSurname(r, ethnicity));
        womens.add(drawName(r, 'female', 1970, ethnicity).surname);
      }
    }
    expect(womens).toContain('Kaur');
    expect(womens).toContain('Begum');
  });

  it('draws surnames with a Zipf-like spread: Smith first at about 1.26%, and a long tail of rare ones', () => {
    const n = 100_000;
    const r = Random.stream(9, 'surnames');
    const counts = new Map<string, number>();
    let britishPeople = 0;
    let britishSmiths = 0;
    for (let i = 0; i < n; i++) {
      const ethnicity = r.weightedIndex(ethnicityWeights);
      const surname = drawSurname(r, ethnicity);
      counts.set(surname, (counts.get(surname) ?? 0) + 1);
      if (ethnicity === whiteBritish) {
        britishPeople++;
        if (surname === 'Smith') britishSmiths++;
      }
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]?.[0]).toBe('Smith');
    expect(britishSmiths / britishPeople).toBeGreaterThan(0.01);
    expect(britishSmiths / britishPeople).toBeLessThan(0.015);
    expect(ranked.slice(1, 4).map(([name]) => name)).toEqual(['Jones', 'Williams', 'Taylor']);
    // Zipf-like: the 10th name has about a quarter of Smith's bearers and the 100th about a fifteenth
    const share = (rank: number): number => (ranked[rank - 1]?.[1] ?? 0) / (ranked[0]?.[1] ?? 1);
    expect(share(10)).toBeGreaterThan(0.15);
    expect(share(10)).toBeLessThan(0.4);
    expect(share(100)).toBeGreaterThan(0.03);
    expect(share(100)).toBeLessThan(0.12);
    // at least 5% of people have a surname held by under 0.01% of the population (fewer than 10 here)
    let rare = 0;
    for (const [, count] of counts) if (count < n / 10_000) rare += count;
    expect(rare / n).toBeGreaterThanOrEqual(0.05);
    expect(rare / n).toBeLessThan(0.3);
    // the commonest few hundred names cover well under half of people, as in England
    const top400 = ranked.slice(0, 400).reduce((sum, [, count]) => sum + count, 0);
    expect(top400 / n).toBeGreaterThan(0.3);
    expect(top400 / n).toBeLessThan(0.55);
  });

  it('gives informal forms of formal forenames and nothing for others', () => {
    const r = Random.stream(10, 'nicknames');
    const forms = new Set(Array.from({ length: 500 }, () => nicknameFor('Robert', r)));
    expect([...forms].sort()).toEqual(['Bert', 'Bob', 'Bobby', 'Rob', 'Robbie']);
    expect(nicknameFor('Margaret', r)).toMatch(/^(Maggie|Peggy|Meg|Madge|Margie)$/);
    expect(nicknameFor('Zebedee', r)).toBeUndefined();
  });

  it('makes street names from the parts and picks towns, the main town most often', () => {
    const r = Random.stream(11, 'streets');
    const whole = new Set(streetNamesWhole);
    const suffixes = new Set(streetSuffixes.map(([suffix]) => suffix));
    for (let i = 0; i < 2_000; i++) {
      const street = streetName(r);
      if (whole.has(street)) continue;
      const cut = street.lastIndexOf(' ');
      expect(streetParts).toContain(street.slice(0, cut));
      expect(suffixes.has(street.slice(cut + 1))).toBe(true);
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const town = townName(r);
      counts.set(town, (counts.get(town) ?? 0) + 1);
    }
    expect([...counts].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe(towns[0]?.[0]);
  });
});
