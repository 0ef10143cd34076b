// Income and costs paid other than weekly become weekly, rounded to the penny at that step.
import { expect, it } from 'vitest';
import { weeklyPence } from './periods.js';

it.each([
  { amount: 1_000, period: 'monthly', weekly: 231 }, // Devon: £10.00 a month → £2.31
  { amount: 2_500, period: 'monthly', weekly: 577 }, // Devon: £25.00 a month → £5.77
  { amount: 1_300, period: 'monthly', weekly: 300 }, // exactly £3.00
  { amount: 100_000, period: 'monthly', weekly: 23_077 }, // £1,000 × 12 ÷ 52 = £230.769…
  { amount: 8_000, period: 'monthly', weekly: 1_846 }, // £184.615… → £18.46
  { amount: 10_001, period: 'four_weekly', weekly: 2_500 }, // £25.0025 → £25.00
  { amount: 10_002, period: 'four_weekly', weekly: 2_501 }, // £25.005 rounds half up → £25.01
  { amount: 2, period: 'four_weekly', weekly: 1 },
  { amount: 520_000, period: 'annual', weekly: 10_000 },
  { amount: 100, period: 'annual', weekly: 2 }, // £1 a year → 1.92p → 2p
  { amount: 26, period: 'annual', weekly: 1 }, // half a penny rounds up
  { amount: 12_345, period: 'weekly', weekly: 12_345 },
  { amount: 0, period: 'monthly', weekly: 0 },
] as const)('$amount pence $period is $weekly pence a week', ({ amount, period, weekly }) => {
  expect(weeklyPence(amount, period)).toBe(weekly);
});
