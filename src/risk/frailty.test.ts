// The frailty rules against their definitions (DOMAIN.md §9): eFI bands by whole deficits at every
// boundary, polypharmacy at 5 medicines, coded conditions through the concept sets, each deficit once;
// HFRS over the published points table (Gilbert et al. 2018, appendix), exact sums in tenths
// (4.4 + 0.6 is 5.000000000000001 in floating point), bands with 5.0 and 15.0 intermediate, the
// two-year window and the age of 75 at the index date.
import { describe, expect, it } from 'vitest';
import { efiDeficits } from '../synthetic/index.js';
import { ageOn, efi, efiConceptSets, hfrs, hfrsBand, loadHfrsPoints } from './index.js';

const deficits = (n: number): string[] => efiDeficits.filter((d) => d !== 'polypharmacy').slice(0, n);

describe('eFI', () => {
  it.each([
    [0, 'fit'], [4, 'fit'], [5, 'mild'], [8, 'mild'], [9, 'moderate'], [12, 'moderate'], [13, 'severe'], [35, 'severe'],
  ] as const)('%i deficits: %s', (n, band) => {
    const result = efi({ deficits: deficits(n), activeMedications: 0 });
    expect(result.deficits).toHaveLength(n);
    expect(result.score).toBe(n / 36);
    expect(result.band).toBe(band);
  });

  it('counts 5 or more active medicines as polypharmacy, 4 not', () => {
    expect(efi({ activeMedications: 4 }).deficits).toEqual([]);
    expect(efi({ activeMedications: 5 })).toEqual({ deficits: ['polypharmacy'], score: 1 / 36, band: 'fit' });
    expect(efi({ deficits: deficits(35), activeMedications: 12 })).toMatchObject({ score: 1, band: 'severe' });
  });

  it('finds deficits in coded conditions, counts each once, in the eFI\'s order, and ignores codes in no set', () => {
    const result = efi({
      deficits: ['heart failure'],
      conditions: [
        { system: 'http://snomed.info/sct', code: '84114007' }, // heart failure again
        { system: 'http://snomed.info/sct', code: '49436004' }, // atrial fibrillation
        { system: 'http://snomed.info/sct', code: '73211009' }, // diabetes
        { system: 'http://snomed.info/sct', code: '999999999' }, // in no set
        { system: 'http://example.org/local', code: '49436004' }, // another system's code
      ],
      activeMedications: 1,
    });
    expect(result.deficits).toEqual(['atrial fibrillation', 'diabetes', 'heart failure']);
  });

  it('refuses a deficit that is not one of the 36', () => {
    expect(() => efi({ deficits: ['frailty'], activeMedications: 0 })).toThrow(/"frailty" is not one of the eFI's 36 deficits/);
  });

  it('has a concept set for every deficit but polypharmacy, each code in one set only', () => {
    expect(Object.keys(efiConceptSets.deficits).sort()).toEqual(efiDeficits.filter((d) => d !== 'polypharmacy').sort());
    const codes = Object.values(efiConceptSets.deficits).flat();
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('HFRS', () => {
  const points = loadHfrsPoints();
  const at = (codes: string[], birthDate = '1940-06-15', start = '2026-01-10') => hfrs({ birthDate, admissions: [{ start, method: 'emergency', diagnoses: codes }] }, '2026-06-15', points);

  it('reads the published table: 109 codes, their points, quoted descriptions and all', () => {
    expect(points.size).toBe(109);
    expect(points.get('F00')).toBe(71);
    expect(points.get('G81')).toBe(44);
    expect(points.get('F05')).toBe(32); // "Delirium, not induced by alcohol …" is quoted in the file
    expect(points.get('R50')).toBe(1);
  });

  it.each([
    [['G81', 'F32'], 4.9, 'low'],
    [['G81', 'R79'], 5, 'intermediate'],
    [['F00', 'G81', 'F05', 'K52'], 15, 'intermediate'],
    [['F00', 'G81', 'F05', 'K52', 'R50'], 15.1, 'high'],
    [[], 0, 'low'],
  ] as const)('%j: %d, %s', (codes, score, band) => {
    expect(at([...codes])).toEqual({ score, band });
  });

  it('cuts codes to three characters, with or without the dot, counts each once, and gives codes off the table nothing', () => {
    expect(at(['F00.1', 'F009', 'f00', 'Z00.0'])).toEqual({ score: 7.1, band: 'intermediate' });
  });

  it('takes admissions that started in the two years up to the index date, of either method', () => {
    const person = (starts: string[]) => ({ birthDate: '1940-01-01', admissions: starts.map((start, i) => ({ start, method: i % 2 === 0 ? 'emergency' as const : 'elective' as const, diagnoses: [['F00', 'G81', 'F05'][i] ?? 'R50'] })) });
    expect(hfrs(person(['2024-06-15', '2026-06-15', '2026-06-16']), '2026-06-15', points)).toEqual({ score: 11.5, band: 'intermediate' });
    expect(hfrs(person(['2024-06-14']), '2026-06-15', points)).toEqual({ score: 0, band: 'low' });
    // From 29 February, two years back is 28 February.
    expect(hfrs(person(['2022-02-28']), '2024-02-29', points)).toEqual({ score: 7.1, band: 'intermediate' });
  });

  it('scores people aged 75 or over at the index date only', () => {
    expect(at(['F00'], '1951-06-16')).toBeNull();
    expect(at(['F00'], '1951-06-15')).toEqual({ score: 7.1, band: 'intermediate' });
    expect(ageOn('1951-06-15', '2026-06-15')).toBe(75);
    expect(ageOn('1951-06-16', '2026-06-15')).toBe(74);
  });

  it('bands any score with 5 and 15 in the middle band', () => {
    expect([4.99, 5, 10, 15, 15.01].map(hfrsBand)).toEqual(['low', 'intermediate', 'intermediate', 'intermediate', 'high']);
  });
});
