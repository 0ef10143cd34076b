/**
 * FHIR R4 date and dateTime (and instant, which is a dateTime with seconds and zone). The pattern is
 * the specification's own ("Data types", R4 §2.24.0.1): a time needs seconds and a time zone. Days
 * are then checked against the month, which the pattern alone allows to reach 31 in February.
 */

const dateTimePattern =
  /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/;

const monthDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** True when the text is a FHIR date or dateTime that names a day that exists. */
export function isFhirDateTime(text: string): boolean {
  const match = dateTimePattern.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  if (year === 0) return false;
  const monthText = match[2];
  const dayText = match[3];
  if (monthText === undefined || dayText === undefined) return true;
  const month = Number(monthText);
  const day = Number(dayText);
  if (day > (monthDays[month - 1] ?? 0)) return false;
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return true;
}
