/**
 * The kinds of income an assessment takes, and how each is treated (Annex C of the Care and Support
 * Statutory Guidance; SI 2014/2672 Schedule 1):
 * - counted: taken into account in full;
 * - disability: counted (the council must then allow disability-related expenditure); the difference
 *   between its higher and lower rate is the night-care element a council may disregard;
 * - savings_credit: counted, less a disregard capped at the year's figure (Schedule 1 para 16);
 * - partly_disregarded: counted less a fixed weekly amount (the first £10 of a War Widow's pension);
 * - disregarded: ignored in full (earnings, mobility components, Child Benefit, war pensions …).
 */
export type IncomeTreatment = 'counted' | 'disability' | 'savings_credit' | 'partly_disregarded' | 'disregarded';

export interface IncomeType {
  type: string;
  label: string;
  treatment: IncomeTreatment;
  /** For disability benefits paid at a higher rate: which of the year's rates make the night-care element. */
  nightCare?: 'attendance_allowance' | 'dla_care' | 'pip_daily_living';
}

export const incomeTypes: readonly IncomeType[] = [
  { type: 'state_pension', label: 'State Pension', treatment: 'counted' },
  { type: 'private_pension', label: 'Private or occupational pension', treatment: 'counted' },
  { type: 'universal_credit', label: 'Universal Credit', treatment: 'counted' },
  { type: 'esa', label: 'Employment and Support Allowance', treatment: 'counted' },
  { type: 'income_support', label: 'Income Support', treatment: 'counted' },
  { type: 'carers_allowance', label: "Carer's Allowance", treatment: 'counted' },
  { type: 'pension_credit_guarantee', label: 'Pension Credit (guarantee credit)', treatment: 'counted' },
  { type: 'pension_credit_savings', label: 'Pension Credit (savings credit)', treatment: 'savings_credit' },
  { type: 'attendance_allowance_lower', label: 'Attendance Allowance (lower rate)', treatment: 'disability' },
  { type: 'attendance_allowance_higher', label: 'Attendance Allowance (higher rate)', treatment: 'disability', nightCare: 'attendance_allowance' },
  { type: 'dla_care_lowest', label: 'DLA care component (lowest rate)', treatment: 'disability' },
  { type: 'dla_care_middle', label: 'DLA care component (middle rate)', treatment: 'disability' },
  { type: 'dla_care_highest', label: 'DLA care component (highest rate)', treatment: 'disability', nightCare: 'dla_care' },
  { type: 'dla_mobility_lower', label: 'DLA mobility component (lower rate)', treatment: 'disregarded' },
  { type: 'dla_mobility_higher', label: 'DLA mobility component (higher rate)', treatment: 'disregarded' },
  { type: 'pip_daily_living_standard', label: 'PIP daily living component (standard rate)', treatment: 'disability' },
  { type: 'pip_daily_living_enhanced', label: 'PIP daily living component (enhanced rate)', treatment: 'disability', nightCare: 'pip_daily_living' },
  { type: 'pip_mobility_standard', label: 'PIP mobility component (standard rate)', treatment: 'disregarded' },
  { type: 'pip_mobility_enhanced', label: 'PIP mobility component (enhanced rate)', treatment: 'disregarded' },
  { type: 'earnings', label: 'Earnings', treatment: 'disregarded' },
  { type: 'child_benefit', label: 'Child Benefit', treatment: 'disregarded' },
  { type: 'war_widows_pension', label: "War Widow's or Widower's Pension", treatment: 'partly_disregarded' },
  { type: 'war_pension_scheme', label: 'War Pension Scheme payment (not Constant Attendance Allowance)', treatment: 'disregarded' },
  { type: 'other_counted', label: 'Other income (counted)', treatment: 'counted' },
  { type: 'other_disregarded', label: 'Other income (disregarded)', treatment: 'disregarded' },
];

export function incomeType(type: string): IncomeType | undefined {
  return incomeTypes.find((t) => t.type === type);
}
