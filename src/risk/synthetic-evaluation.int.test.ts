import { describe, expect, it } from 'vitest';
import { evaluateOnSyntheticLocality } from './synthetic-evaluation.js';

// The goals of case-finding (DOMAIN.md §9), on a locality of 200,000 people: trained on one year,
// tested on the next, against the true risk on the day (decision 0011).
describe('the emergency-admission model on a 200,000-person synthetic locality', () => {
  it('comes within 0.01 AUROC of the oracle, is calibrated, and finds as many at the top 1% as the truth does', async () => {
    const { report } = await evaluateOnSyntheticLocality({ people: 200_000, seed: 2026, now: new Date('2026-12-01T00:00:00Z') });
    const oracle = report.oracle;
    if (oracle === undefined || report.auroc_oracle === undefined) throw new Error('no oracle');
    const summary = { auroc: report.auroc, oracle: report.auroc_oracle, slope: report.calibration_slope, citl: report.calibration_in_the_large, ppv: report.ppv_at['0.01'], ppvOracle: oracle.ppv_at['0.01'] };
    expect(report.people, JSON.stringify(summary)).toBeGreaterThan(180_000);
    expect(report.auroc_oracle - report.auroc, JSON.stringify(summary)).toBeLessThan(0.01);
    expect(report.calibration_slope, JSON.stringify(summary)).toBeGreaterThanOrEqual(0.9);
    expect(report.calibration_slope, JSON.stringify(summary)).toBeLessThanOrEqual(1.1);
    expect(Math.abs(report.calibration_in_the_large), JSON.stringify(summary)).toBeLessThan(0.05);
    expect(report.ppv_at['0.01'] ?? 0, JSON.stringify(summary)).toBeGreaterThanOrEqual(0.98 * (oracle.ppv_at['0.01'] ?? 1));
    // No model can know more than the truth: a model that beats it has read the future.
    expect(report.brier, JSON.stringify(summary)).toBeGreaterThan(oracle.brier);
    for (const key of ['0.005', '0.01', '0.02', '0.05']) {
      expect(report.sensitivity_at[key]).toBeGreaterThan(0);
      expect(oracle.sensitivity_at[key]).toBeGreaterThan(0);
    }
    expect(report.subgroups.map((s) => s.by)).toEqual(expect.arrayContaining(['age', 'sex', 'deprivation']));
  }, 240_000);
});
