/**
 * The cost columns of a Client Level Data Service event: Unit_Cost in pounds, read into whole pence
 * without floating point (DOMAIN.md §3.6: store money as pence integers with the original
 * Cost_Frequency_(Unit_Type)), and the words a person reads for a package of care.
 */

const pounds = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
const commas = /,/g;
const units = /^\d+(?:\.\d+)?$/;

/** Whole pence from "26.50", "26.5", "26", "£1,050.00"; undefined when the text is not an amount. */
export function penceFromPounds(text: string): number | undefined {
  const match = pounds.exec(text);
  if (match === null) return undefined;
  const whole = Number((match[1] ?? '').replace(commas, ''));
  const fraction = match[2] ?? '';
  const pence = whole * 100 + (fraction === '' ? 0 : Number(fraction.length === 1 ? `${fraction}0` : fraction));
  return Number.isSafeInteger(pence) ? pence : undefined;
}

/** "£26.50", "£1,050.00": pence as a person reads pounds. */
export function formatPounds(pence: number): string {
  const rest = pence % 100;
  const whole = String((pence - rest) / 100);
  let grouped = '';
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) grouped += ',';
    grouped += whole[i] ?? '';
  }
  return `£${grouped}.${rest < 10 ? '0' : ''}${rest}`;
}

/** Whether Planned_Units_Per_Week is a plain non-negative number ("10", "10.5"). */
export function isUnitCount(text: string): boolean {
  return units.test(text);
}

function sized(plannedUnits: string, noun: string, price: string | undefined): string {
  if (plannedUnits === '') return price ?? '';
  return `${plannedUnits} ${noun} a week${price === undefined ? '' : ` (${price})`}`;
}

/**
 * How much care and what it costs: "12 hours a week (£26.50 an hour)", "£912.00 a week",
 * "3 days a week (£60.00 a day)"; "" when neither is known. `frequency` is Cost_Frequency_Unit_Type.
 */
export function packageSize(frequency: string, plannedUnits: string, pence: number | undefined): string {
  const cost = pence === undefined ? undefined : formatPounds(pence);
  const one = plannedUnits === '1';
  switch (frequency) {
    case 'Hourly':
      return sized(plannedUnits, one ? 'hour' : 'hours', cost === undefined ? undefined : `${cost} an hour`);
    case 'Daily':
      return sized(plannedUnits, one ? 'day' : 'days', cost === undefined ? undefined : `${cost} a day`);
    case 'Weekly':
      if (plannedUnits === '' || one) return cost === undefined ? '' : `${cost} a week`;
      return sized(plannedUnits, 'units', cost === undefined ? undefined : `${cost} a week each`);
    default:
      return sized(plannedUnits, one ? 'unit' : 'units', cost === undefined ? undefined : frequency === '' ? `${cost} a unit` : `${cost} a unit, ${frequency}`);
  }
}
