import { describe, expect, it } from 'vitest';
import { snomed } from './efi-concepts.js';
import { describeGroup, eligible, featureRow, features, outcome, subgroupsOf, summarise, type PersonActivity } from './features.js';
import { explain, type RiskModel } from './model.js';

const index = '2025-04-01';

function person(overrides: Partial<PersonActivity> = {}): PersonActivity {
  return {
    id: 'p1', birthDate: '1940-06-15', sex: 'female', deathDate: null, practice: 'Z00001', deprivationDecile: 2,
    conditions: [], medications: [], spells: [], aeAttendances: [], outpatients: [], gpContacts: [], communityContacts: [], care: [], unpaidCarer: false,
    ...overrides,
  };
}
const value = (a: PersonActivity, key: string): number => {
  const row = new Float64Array(features.length);
  featureRow(summarise(a, index), row);
  return row[features.findIndex((f) => f.key === key)] ?? Number.NaN;
};

describe('who is in the population on the index date', () => {
  it.each([
    ['alive, born before', person(), true],
    ['died the day before', person({ deathDate: '2025-03-31' }), false],
    ['died on the day (alive at its start)', person({ deathDate: '2025-04-01' }), true],
    ['born on the day', person({ birthDate: '2025-04-01' }), false],
  ])('%s', (_, a, expected) => { expect(eligible(a, index)).toBe(expected); });
});

describe('the outcome: an emergency admission to an acute hospital in [index, index + 12 months)', () => {
  const spell = (start: string, emergency = true, acute = true) => ({ start, end: null, emergency, acute });
  it.each([
    ['on the index date', [spell('2025-04-01')], 1],
    ['on the last day of the year', [spell('2026-03-31')], 1],
    ['12 months on (outside)', [spell('2026-04-01')], 0],
    ['the day before (history, not outcome)', [spell('2025-03-31')], 0],
    ['planned', [spell('2025-06-01', false)], 0],
    ['community hospital', [spell('2025-06-01', true, false)], 0],
  ])('%s', (_, spells, expected) => { expect(outcome(person({ spells }), index)).toBe(expected); });
});

describe('features on the index date', () => {
  it('counts emergency admissions in the last 12 months and 12–24 months ago, and bed days inside the window only', () => {
    const a = person({
      spells: [
        { start: '2025-03-20', end: '2025-03-30', emergency: true, acute: true }, // 10 days, ended 2 days before
        { start: '2024-03-25', end: '2024-04-05', emergency: true, acute: true }, // began 12–24 months ago; 4 of its days fall in the year
        { start: '2023-03-31', end: '2023-04-02', emergency: true, acute: true }, // more than 24 months ago
        { start: '2024-10-01', end: '2024-10-03', emergency: false, acute: true },
        { start: '2025-04-02', end: null, emergency: true, acute: true }, // the future
      ],
    });
    const s = summarise(a, index);
    expect([s.emergency12, s.emergency24, s.elective12]).toEqual([1, 1, 1]);
    expect(s.bedDays12).toBe(10 + 4 + 2);
    expect(s.dischargedWithin90).toBe(true);
    expect(value(a, 'bed_days_12m')).toBeCloseTo(Math.log1p(16), 12);
  });

  it('reads conditions and medicines that began before the index date, not after', () => {
    const a = person({
      conditions: [
        { system: snomed, code: '84114007', onset: '2020-01-01' }, // heart failure
        { system: snomed, code: '52448006', onset: '2025-04-01' }, // dementia, on the day: not yet
        { system: snomed, code: '161898004', onset: null }, // falls, undated: counted
      ],
      medications: Array.from({ length: 5 }, (_, i) => ({ start: '2024-01-01', end: i === 0 ? '2025-03-01' : null })),
    });
    const s = summarise(a, index);
    expect([...s.ltcs]).toEqual(['heart-failure']);
    expect([...s.efiDeficits].sort()).toEqual(['falls', 'heart failure']);
    expect(value(a, 'efi_polypharmacy')).toBe(0); // 4 active: one ended
  });

  it('finds home care open on the day with its hours, a care home, reablement in the year, and counts an unpaid carer only once the council knows the person', () => {
    const service = (start: string, end: string | null, serviceType: string, hoursPerWeek: number | null = null) => ({ type: 'Service' as const, start, end, serviceType, hoursPerWeek, carer: false });
    const a = person({
      care: [
        service('2024-01-10', null, 'Long Term Support: Community', 14),
        service('2024-06-01', '2024-07-12', 'Short Term Support: ST-Max'),
        service('2025-05-01', null, 'Long Term Support: Residential Care'),
      ],
      unpaidCarer: true,
    });
    const s = summarise(a, index);
    expect([s.homeCare, s.homeCareHours, s.careHome, s.reablement12, s.unpaidCarer]).toEqual([true, 14, false, true, true]);
    // The council's "has an unpaid carer" has no date: with only later events it would read the future.
    expect(summarise(person({ care: [service('2025-05-01', null, 'Long Term Support: Community', 7)], unpaidCarer: true }), index).unpaidCarer).toBe(false);
  });

  it('puts the person in their subgroups', () => {
    expect(subgroupsOf(summarise(person(), index))).toEqual({ age: '75-84', sex: 'female', deprivation: 'quintile 1' });
    expect(subgroupsOf(summarise(person({ deprivationDecile: null, birthDate: '2010-01-01', sex: 'male' }), index))).toEqual({ age: '0-17', sex: 'male', deprivation: 'unknown' });
  });
});

describe('why a person is on the list', () => {
  it('gives the groups that raise the risk most above the average, in words, largest first', () => {
    const keys = features.map((f) => f.key);
    const coefficient = (key: string): number => ({ emergency_admissions_12m: 0.5, emergency_admissions_any_12m: 0.3, age: 0.2, care_home: 0.8 } as Record<string, number>)[key] ?? 0;
    const model: RiskModel = { featureSet: 'test', features: keys, intercept: -3, coefficients: keys.map(coefficient), means: keys.map((k) => (k === 'age' ? 4 : 0)), lambda: 1 };
    const a = person({ spells: [{ start: '2025-01-05', end: '2025-01-09', emergency: true, acute: true }, { start: '2024-08-05', end: '2024-08-06', emergency: true, acute: true }] });
    const factors = explain(model, summarise(a, index));
    // Emergency: 0.5 × 2 + 0.3 × 1 = 1.3; age 84: 0.2 × (8.4 − 4) = 0.88; care home 0 (not in one).
    expect(factors.map((f) => [f.text, f.contribution])).toEqual([['2 emergency admissions in the last 12 months', 1.3], ['Aged 84', 0.88]]);
    expect(describeGroup('ltc_copd', summarise(a, index))).toBe('COPD');
  });
});
