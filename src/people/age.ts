/** Whole years between a date of birth and a day. */
export function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  const ty = today.getUTCFullYear();
  const tm = today.getUTCMonth() + 1;
  const td = today.getUTCDate();
  return ty - (y ?? ty) - (tm < (m ?? 0) || (tm === m && td < (d ?? 0)) ? 1 : 0);
}
