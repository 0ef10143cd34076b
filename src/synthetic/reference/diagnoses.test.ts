import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conditionList } from './conditions.js';
import { electiveDiagnoses, emergencyDiagnoses, minorDiagnoses } from './diagnoses.js';

// The Hospital Frailty Risk Score's 109 codes and points (Gilbert et al., Lancet 2018, appendix).
const hfrs = new Map(
  readFileSync(new URL('../../../test/fixtures/reference/hfrs-weights.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((line) => [line.slice(0, 3), line]),
);

describe('hospital diagnoses', () => {
  const codes = [
    ...emergencyDiagnoses.flatMap((d) => [d.icd10, ...(d.with ?? [])]),
    ...electiveDiagnoses.map((d) => d.icd10), ...minorDiagnoses,
    ...conditionList.flatMap((c) => (c.icd10 ? [c.icd10] : [])),
  ];

  it('are ICD-10 codes in the form hospitals record them', () => {
    for (const code of codes) expect(code).toMatch(/^[A-Z]\d{2}(\.\d)?$/);
  });

  it("draw frail people's admissions mostly from the HFRS codes, so the score rises with latent frailty", () => {
    expect(hfrs.size).toBe(109);
    const weight = (pick: (d: (typeof emergencyDiagnoses)[number]) => number, inHfrs: boolean): number =>
      emergencyDiagnoses.filter((d) => hfrs.has(d.icd10.slice(0, 3)) === inHfrs).reduce((s, d) => s + pick(d), 0);
    const frailShare = weight((d) => d.frail, true) / (weight((d) => d.frail, true) + weight((d) => d.frail, false));
    const youngerShare = weight((d) => d.younger, true) / (weight((d) => d.younger, true) + weight((d) => d.younger, false));
    expect(frailShare).toBeGreaterThan(0.6);
    expect(frailShare).toBeGreaterThan(youngerShare + 0.2);
    expect(new Set(codes.map((c) => c.slice(0, 3)).filter((c) => hfrs.has(c))).size).toBeGreaterThan(30);
  });
});
