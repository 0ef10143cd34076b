import { describe, expect, it } from 'vitest';
import { medicationDefinition, medicationList } from './medications.js';

const expectedKeys = [
  'amlodipine', 'ramipril', 'bisoprolol', 'furosemide', 'atorvastatin', 'aspirin', 'apixaban', 'metformin',
  'gliclazide', 'levothyroxine', 'alendronic-acid', 'colecalciferol-calcium', 'salbutamol-inhaler',
  'tiotropium-inhaler', 'beclometasone-inhaler', 'paracetamol', 'co-codamol', 'omeprazole', 'sertraline',
  'citalopram', 'donepezil', 'co-careldopa', 'ferrous-fumarate', 'solifenacin', 'tamsulosin', 'zopiclone',
  'mirtazapine', 'lactulose', 'senna', 'gabapentin', 'prednisolone', 'doxazosin', 'indapamide', 'clopidogrel',
  'latanoprost-eye-drops', 'emollient-cream',
];

describe('medicationList', () => {
  it('has unique keys', () => {
    const keys = medicationList.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('holds exactly the expected medicines', () => {
    expect(medicationList.map((m) => m.key).sort()).toEqual([...expectedKeys].sort());
  });

  it('codes every medicine as a dm+d id of 6 to 18 digits', () => {
    for (const m of medicationList) expect(m.dmd, m.key).toMatch(/^\d{6,18}$/);
  });

  it('gives each code once and a display name', () => {
    expect(new Set(medicationList.map((m) => m.dmd)).size).toBe(medicationList.length);
    for (const m of medicationList) expect(m.display.length, m.key).toBeGreaterThan(0);
  });
});

describe('medicationDefinition', () => {
  it('returns the definition for a known key', () => {
    expect(medicationDefinition('amlodipine')).toEqual({
      key: 'amlodipine',
      display: 'Amlodipine',
      dmd: '774557006',
      dmdLevel: 'VTM',
    });
  });

  it('throws a RangeError for an unknown key', () => {
    expect(() => medicationDefinition('no-such-medicine')).toThrow(RangeError);
  });
});
