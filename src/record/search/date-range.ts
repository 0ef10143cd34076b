/**
 * The instants a FHIR date, dateTime or instant covers (FHIR R4 "Search", §3.1.1.4.2 date: "the
 * value's precision defines a range"): '2024' is the whole year, '2024-03' the month, a day the whole
 * day, a time with minutes or seconds that minute or second, a fraction its last digit. A time
 * without a zone is taken as UTC. Ranges are half open, [low, high), as ISO instants in UTC that
 * PostgreSQL reads as timestamptz; an open end is '-infinity' or 'infinity'.
 */

export interface InstantRange {
  low: string;
  high: string;
}

export const openStart = '-infinity';
export const openEnd = 'infinity';

/** Seconds since the epoch and the microseconds after them. */
interface Instant {
  seconds: number;
  micros: number;
}

const dateTimePattern =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

const monthDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function utcSeconds(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime() / 1000;
}

/** The range of a date, dateTime or instant; undefined when the text is not one. */
function parseRange(text: string): { low: Instant; high: Instant } | undefined {
  const match = dateTimePattern.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  if (year === 0) return undefined;
  if (mo === undefined) return { low: { seconds: utcSeconds(year, 1, 1), micros: 0 }, high: { seconds: utcSeconds(year + 1, 1, 1), micros: 0 } };
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) {
    const next = month === 12 ? utcSeconds(year + 1, 1, 1) : utcSeconds(year, month + 1, 1);
    return { low: { seconds: utcSeconds(year, month, 1), micros: 0 }, high: { seconds: next, micros: 0 } };
  }
  const day = Number(d);
  if (day < 1 || day > (monthDays[month - 1] ?? 0) || (month === 2 && day === 29 && !isLeap(year))) return undefined;
  if (h === undefined || mi === undefined) {
    const start = utcSeconds(year, month, day);
    return { low: { seconds: start, micros: 0 }, high: { seconds: start + 86_400, micros: 0 } };
  }
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const offset = zoneOffsetSeconds(zone);
  if (offset === undefined) return undefined;
  const seconds = utcSeconds(year, month, day, hour, minute, second) - offset;
  if (s === undefined) return { low: { seconds, micros: 0 }, high: { seconds: seconds + 60, micros: 0 } };
  if (fraction === undefined) return { low: { seconds, micros: 0 }, high: { seconds: seconds + 1, micros: 0 } };
  // Timestamps hold microseconds: a finer fraction is cut to them, and covers that microsecond.
  const digits = Math.min(fraction.length, 6);
  const micros = Number(fraction.slice(0, digits).padEnd(6, '0'));
  return { low: { seconds, micros }, high: add({ seconds, micros }, 10 ** (6 - digits)) };
}

function zoneOffsetSeconds(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 3600 + minutes * 60);
}

function add(instant: Instant, micros: number): Instant {
  const total = instant.micros + micros;
  return { seconds: instant.seconds + Math.floor(total / 1e6), micros: ((total % 1e6) + 1e6) % 1e6 };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function format(instant: Instant): string {
  const date = new Date(instant.seconds * 1000);
  const fraction = instant.micros === 0 ? '' : `.${pad(instant.micros, 6)}`;
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction}Z`;
}

/** The instants a FHIR date, dateTime or instant covers, or undefined when it is not one. */
export function dateRange(text: string): InstantRange | undefined {
  const range = parseRange(text);
  return range === undefined ? undefined : { low: format(range.low), high: format(range.high) };
}

/**
 * The instants a Period covers: from the start of its start to the end of its end, either end open
 * when absent (R4 "Search", §3.1.1.4.2). Undefined when an end is not a date or the period is empty.
 */
export function periodRange(start: unknown, end: unknown): InstantRange | undefined {
  const from = typeof start === 'string' ? parseRange(start) : undefined;
  const to = typeof end === 'string' ? parseRange(end) : undefined;
  if ((start !== undefined && from === undefined) || (end !== undefined && to === undefined)) return undefined;
  if (from === undefined && to === undefined) return undefined;
  return { low: from === undefined ? openStart : format(from.low), high: to === undefined ? openEnd : format(to.high) };
}

/**
 * The range of a search value under the prefix ap, "approximately the same": widened on each side by
 * a tenth of the gap between now and the value, the margin R4 "Search" §3.1.1.4.5 recommends.
 */
export function approximateRange(text: string, now: Date): InstantRange | undefined {
  const range = parseRange(text);
  if (range === undefined) return undefined;
  const nowMicros = now.getTime() * 1000;
  const lowMicros = range.low.seconds * 1e6 + range.low.micros;
  const margin = Math.round(Math.abs(nowMicros - lowMicros) / 10);
  return { low: format(add(range.low, -margin)), high: format(add(range.high, margin)) };
}
