/** The charging figures of every financial year the engine knows, newest last. */
import type { ChargingRates } from './types.js';
import { rates2023to24 } from './year-2023-24.js';
import { rates2024to25 } from './year-2024-25.js';
import { rates2025to26 } from './year-2025-26.js';

export type { ChargingRates } from './types.js';

export const chargingRates: readonly ChargingRates[] = [rates2023to24, rates2024to25, rates2025to26];

/** The figures of a financial year ('2024-25'), or undefined when the engine has none. */
export function ratesFor(financialYear: string): ChargingRates | undefined {
  return chargingRates.find((r) => r.financialYear === financialYear);
}
