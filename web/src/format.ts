/** Everyone using Joined Up works in England, so times are shown in UK time whatever the device says. */
const timeZone = 'Europe/London';

const dateTimeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const wholeNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/**
 * Formats an ISO 8601 instant as "23 November 2026, 04:40" in UK time (NHS style guide:
 * day month year, 24-hour clock). Returns the input unchanged when it is not a date.
 */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Assembled from parts because ICU versions differ on the joining word ("at" or ",").
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    dateTimeParts.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
}

/** Formats a count with thousands separators: 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return wholeNumber.format(value);
}

/** A row count, prefixed "about" when it is the planner's estimate rather than an exact count. */
export function formatRowCount(rows: number, estimated: boolean): string {
  return estimated ? `about ${formatCount(rows)}` : formatCount(rows);
}

/** The first 12 characters of a checksum: enough to tell migrations apart at a glance. */
export function abbreviateChecksum(checksum: string): string {
  return checksum.slice(0, 12);
}

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/;

const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

const ukCalendarParts = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' });

/** A YYYY-MM-DD calendar date as a UTC midnight, or undefined when it is not a real date. */
function parseCalendarDate(text: string): Date | undefined {
  const match = calendarDate.exec(text);
  if (match === null) return undefined;
  const [, year = '', month = '', day = ''] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date.UTC rolls 30 February over into March: a date that does not round-trip does not exist.
  return date.toISOString().slice(0, 10) === text ? date : undefined;
}

/**
 * Formats a calendar date (YYYY-MM-DD) as "7 March 1941" (NHS style guide). A calendar date has no
 * time zone, so it is never shifted. Returns the input unchanged when it is not a date.
 */
export function formatDate(isoDate: string): string {
  const date = parseCalendarDate(isoDate);
  return date === undefined ? isoDate : dateOnly.format(date);
}

/** A date that may be a calendar date or an instant: "7 March 1941", or "23 November 2026, 04:40". */
export function formatDateOrDateTime(value: string): string {
  return calendarDate.test(value) ? formatDate(value) : formatDateTime(value);
}

/**
 * The UK calendar day (YYYY-MM-DD) a calendar date or instant falls on, so entries can be grouped by
 * day as someone in England would count them. Returns the input unchanged when it is not a date.
 */
export function ukCalendarDay(value: string): string {
  if (calendarDate.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    ukCalendarParts.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The 3-3-4 form of an NHS number ("999 000 1014"), as the NHS shows it so it can be read out and
 * checked. Anything that is not ten digits is returned as it is.
 */
export function formatNhsNumber(nhsNumber: string): string {
  const digits = nhsNumber.replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return nhsNumber;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

/** "7 March 1941 (84 years old)", or whichever of the two is known; undefined when neither is. */
export function formatBirthDateAndAge(birthDate: string | null, age: number | null): string | undefined {
  const years = age === null ? undefined : `${age} ${age === 1 ? 'year' : 'years'} old`;
  if (birthDate === null) return years;
  return years === undefined ? formatDate(birthDate) : `${formatDate(birthDate)} (${years})`;
}
