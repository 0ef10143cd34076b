/**
 * NHS number: ten digits, the tenth a modulus 11 check digit (NHS Data Dictionary, "NHS Number";
 * DOMAIN.md §5.2). Passing the check does not prove a number was issued: only a PDS trace does.
 */

const weights = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/**
 * The check digit for the first nine digits, or undefined when the algorithm gives 10: no number
 * with those nine digits is ever issued.
 */
export function nhsNumberCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError(`Expected nine digits, got "${firstNine}"`);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (firstNine.charCodeAt(i) - 48) * (weights[i] ?? 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? undefined : check;
}

/** Spaces and hyphens removed, as NHS numbers are often written 3-3-4 ("943 476 5919"). */
export function normaliseNhsNumber(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/** True when the text (spaces allowed) is ten digits whose last is the right check digit. */
export function isValidNhsNumber(text: string): boolean {
  const digits = normaliseNhsNumber(text);
  if (!/^\d{10}$/.test(digits)) return false;
  return nhsNumberCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** The 3-3-4 display form of a ten-digit NHS number. */
export function formatNhsNumber(text: string): string {
  const digits = normaliseNhsNumber(text);
  if (!/^\d{10}$/.test(digits)) throw new RangeError('An NHS number has ten digits');
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
