/**
 * Calendar dates as CSV sources write them. Our files write ISO 8601 dates (docs/formats/README.md);
 * councils' and trusts' exports also write a time after the date, or the UK day/month/year form.
 * Parsing reads character codes rather than matching patterns, as it runs several times a row.
 */

const zero = 48;
const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** Years outside this range are slips of the keyboard, not dates anyone was born or seen on. */
const earliestYear = 1800;
const latestYear = 2199;

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - zero;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function iso(year: number, month: number, day: number): string | undefined {
  if (year < earliestYear || year > latestYear || month < 1 || month > 12 || day < 1) return undefined;
  const last = month === 2 && isLeap(year) ? 29 : daysInMonth[month - 1] ?? 0;
  if (day > last) return undefined;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * The date as YYYY-MM-DD, or undefined when the text is not a calendar date (malformed, or a day the
 * calendar does not have such as 2023-02-29). Accepts "YYYY-MM-DD", the same followed by "T" or a
 * space and a time (the time is dropped), and "DD/MM/YYYY".
 */
export function parseDate(text: string): string | undefined {
  if (text.length >= 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    if (text.length > 10 && text[10] !== 'T' && text[10] !== ' ') return undefined;
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    if (year < 0 || month < 0 || day < 0) return undefined;
    return iso(year, month, day);
  }
  if (text.length === 10 && text.charCodeAt(2) === 47 && text.charCodeAt(5) === 47) {
    const day = digits(text, 0, 2);
    const month = digits(text, 3, 2);
    const year = digits(text, 6, 4);
    if (year < 0 || month < 0 || day < 0) return undefined;
    return iso(year, month, day);
  }
  return undefined;
}

const msPerDay = 86_400_000;

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((ms(to) - ms(from)) / msPerDay);
}
