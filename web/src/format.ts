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
