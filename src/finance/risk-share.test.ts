// The risk share, with figures worked by hand in the comments.
import { describe, expect, it } from 'vitest';
import { agreementOn, apportion, parseRiskShareRule, RiskShareRuleError, shareRisk, type RiskSharePartner } from './risk-share.js';

// ICB £6,000,000, council £4,000,000: a 60:40 split of a £10,000,000 pool.
const partners: RiskSharePartner[] = [
  { id: 'icb', name: 'Bay ICB', contributionPence: 600_000_000 },
  { id: 'council', name: 'Bay Council', contributionPence: 400_000_000 },
];
const capped = { rule: { kind: 'proportional_capped' as const, capPence: 50_000_000, host: 'council' }, description: 'Shared 60:40 up to £500,000, then the council' };
const amounts = (r: ReturnType<typeof shareRisk>): Record<string, number> => Object.fromEntries(r.shares.map((s) => [s.partnerId, s.amountPence]));

describe('apportion', () => {
  it.each([
    // 100p by 1:1:1 → 33.33 each; the one penny left goes to the first of the equal remainders.
    [100, [1, 1, 1], [34, 33, 33]],
    // 1001p by 60:40 → 600.6 and 400.4: floors 600 + 400 = 1000, the penny left to the larger remainder (0.6).
    [1001, [60, 40], [601, 400]],
    // −1001p the same with the sign: −601, −400.
    [-1001, [60, 40], [-601, -400]],
    // 7p by 3:0:4 → 3 and 4, nothing to the partner with no weight.
    [7, [3, 0, 4], [3, 0, 4]],
    [0, [5, 5], [0, 0]],
  ])('splits %i pence by %j into %j, adding up exactly', (total, weights, expected) => {
    const parts = apportion(total, weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, p) => a + p, 0)).toBe(total);
  });

  it('refuses weights that add up to nothing', () => {
    expect(() => apportion(10, [0, 0])).toThrow(RiskShareRuleError);
  });
});

describe('shareRisk', () => {
  it('shares an overspend under the cap in proportion to contributions', () => {
    // £300,000 over, under the £500,000 cap: ICB 60% = £180,000, council 40% = £120,000.
    const r = shareRisk(capped, partners, 30_000_000, 'council');
    expect(amounts(r)).toEqual({ icb: 18_000_000, council: 12_000_000 });
    expect(r.overspendPence).toBe(30_000_000);
    expect(r.description).toBe(capped.description);
    expect(r.lines.map((l) => l.amountPence)).toEqual([30_000_000, 18_000_000, 12_000_000]);
    expect(r.lines[1]?.label).toMatch(/proportion to contributions, up to the cap of £500,000\.00: Bay ICB \(£6,000,000\.00 of £10,000,000\.00 contributed\)/);
  });

  it('shares up to the cap and leaves the rest to the host', () => {
    // £800,000 over: the first £500,000 shared 60:40 (ICB £300,000, council £200,000); the £300,000
    // above the cap to the council as host: council £500,000 in all.
    const r = shareRisk(capped, partners, 80_000_000, 'council');
    expect(amounts(r)).toEqual({ icb: 30_000_000, council: 50_000_000 });
    expect(r.lines.at(-1)).toEqual({ label: 'Above the cap, carried by the host: Bay Council, the host', amountPence: 30_000_000 });
  });

  it('returns an underspend in proportion to contributions, whatever the cap', () => {
    // £1,000,000 under (beyond the cap, which only limits overspends): ICB −£600,000, council −£400,000.
    const r = shareRisk(capped, partners, -100_000_000, 'council');
    expect(amounts(r)).toEqual({ icb: -60_000_000, council: -40_000_000 });
    expect(r.lines[0]?.label).toMatch(/underspend/i);
  });

  it('can keep an underspend with the host when the agreement says so', () => {
    const r = shareRisk({ ...capped, rule: { ...capped.rule, underspend: 'host' } }, partners, -1_234_567, 'council');
    expect(amounts(r)).toEqual({ icb: 0, council: -1_234_567 });
  });

  it('lets the host carry all of it under host_carries, and with no agreement at all', () => {
    expect(amounts(shareRisk({ rule: { kind: 'host_carries' }, description: 'host' }, partners, 5_000_001, 'icb'))).toEqual({ icb: 5_000_001, council: 0 });
    const none = shareRisk(undefined, partners, 250, 'council');
    expect(amounts(none)).toEqual({ icb: 0, council: 250 });
    expect(none.description).toMatch(/No risk-share agreement/);
    // Under host_carries the host also keeps an underspend.
    expect(amounts(shareRisk(undefined, partners, -250, 'council'))).toEqual({ icb: 0, council: -250 });
  });

  it('shares by fixed shares, to the penny', () => {
    // 70:30 of £100,000.01 (10,000,001p): 7,000,000.7 and 3,000,000.3 → floors 7,000,000 + 3,000,000,
    // the penny left to the ICB (remainder 0.7): 7,000,001 and 3,000,000.
    const fixed = { rule: { kind: 'fixed_shares' as const, shares: { icb: 70, council: 30 } }, description: '70:30' };
    expect(amounts(shareRisk(fixed, partners, 10_000_001, 'council'))).toEqual({ icb: 7_000_001, council: 3_000_000 });
    // An underspend goes back in the same fixed shares by default: −£1,000 → −£700, −£300.
    expect(amounts(shareRisk(fixed, partners, -100_000, 'council'))).toEqual({ icb: -70_000, council: -30_000 });
    expect(() => shareRisk({ rule: { kind: 'fixed_shares', shares: { icb: 1, nhse: 1 } }, description: '' }, partners, 10, 'icb')).toThrow(/nhse/);
  });

  it('has nothing to share when the fund is on budget', () => {
    const r = shareRisk(capped, partners, 0, 'council');
    expect(amounts(r)).toEqual({ icb: 0, council: 0 });
    expect(r.lines).toHaveLength(1);
  });

  it('says when the host is not a partner', () => {
    expect(() => shareRisk({ rule: { kind: 'proportional_capped', capPence: 1, host: 'nhse' }, description: '' }, partners, 10, null)).toThrow(/host partner "nhse"/);
  });
});

describe('agreements over time', () => {
  const agreements = [
    { effectiveFrom: '2025-04-01', rule: { kind: 'host_carries' as const }, description: 'first' },
    { effectiveFrom: '2025-10-01', rule: capped.rule, description: 'varied from October' },
  ];
  it.each([
    ['2025-03-31', undefined],
    ['2025-04-01', 'first'],
    ['2025-09-30', 'first'],
    ['2025-10-01', 'varied from October'],
    ['2026-03-31', 'varied from October'],
  ])('on %s the agreement in force is %s', (asOf, expected) => {
    expect(agreementOn(agreements, asOf)?.description).toBe(expected);
  });

  it('gives a different share on either side of the variation', () => {
    // £800,000 over on 30 September: the council (host) carries it all; on 1 October, 60:40 up to £500,000.
    const before = agreementOn(agreements, '2025-09-30');
    const after = agreementOn(agreements, '2025-10-01');
    expect(amounts(shareRisk(before, partners, 80_000_000, 'council'))).toEqual({ icb: 0, council: 80_000_000 });
    expect(amounts(shareRisk(after, partners, 80_000_000, 'council'))).toEqual({ icb: 30_000_000, council: 50_000_000 });
  });
});

describe('parseRiskShareRule', () => {
  it.each([
    [null, /object/],
    [{ kind: 'split' }, /kind must be/],
    [{ kind: 'proportional_capped', capPence: -1, host: 'x' }, /capPence/],
    [{ kind: 'proportional_capped', capPence: 1.5, host: 'x' }, /capPence/],
    [{ kind: 'proportional_capped', capPence: 1 }, /host/],
    [{ kind: 'fixed_shares', shares: {} }, /shares/],
    [{ kind: 'fixed_shares', shares: { a: -1 } }, /0 or more/],
    [{ kind: 'host_carries', underspend: 'fixed' }, /underspend/],
  ])('refuses %j', (rule, message) => {
    expect(() => parseRiskShareRule(rule)).toThrow(message);
  });
  it('accepts each kind', () => {
    expect(parseRiskShareRule(capped.rule)).toEqual(capped.rule);
    expect(parseRiskShareRule({ kind: 'host_carries' })).toEqual({ kind: 'host_carries' });
    expect(parseRiskShareRule({ kind: 'fixed_shares', shares: { a: 1 }, underspend: 'fixed' }).kind).toBe('fixed_shares');
  });
});
