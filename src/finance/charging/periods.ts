/** Amounts paid other than weekly, made weekly and rounded to the penny at that step (DOMAIN.md §1.3, §1.8). */

export const periods = ['weekly', 'four_weekly', 'monthly', 'annual'] as const;
export type Period = (typeof periods)[number];

/** How each period becomes weekly: monthly × 12 ÷ 52 (Devon: £10 a month → £2.31 a week), four-weekly ÷ 4, annual ÷ 52. */
export const periodRules: Readonly<Record<Period, { multiply: number; divide: number; text: string }>> = {
  weekly: { multiply: 1, divide: 1, text: 'as paid' },
  four_weekly: { multiply: 1, divide: 4, text: '÷ 4' },
  monthly: { multiply: 12, divide: 52, text: '× 12 ÷ 52' },
  annual: { multiply: 1, divide: 52, text: '÷ 52' },
};

/** The weekly amount in pence, rounded half up to the penny. */
export function weeklyPence(amountPence: number, period: Period): number {
  const rule = periodRules[period];
  // Integer arithmetic until the one division, so that 0.5 pence rounds up exactly.
  const scaled = amountPence * rule.multiply;
  const whole = Math.floor(scaled / rule.divide);
  const remainder = scaled - whole * rule.divide;
  return remainder * 2 >= rule.divide ? whole + 1 : whole;
}
