/**
 * Days as whole numbers, for a simulation that does millions of date sums: day 0 is 1900-01-01 and
 * every date is turned into text once, from a table, instead of through `Date` on every event.
 */
const epoch = Date.UTC(1900, 0, 1);
const msPerDay = 86_400_000;
/** Dates up to 2200 are in the table (80,353 days). */
const tableDays = 109_573;

let table: string[] | undefined;

function isoTable(): string[] {
  if (table) return table;
  table = new Array<string>(tableDays);
  for (let d = 0; d < tableDays; d++) table[d] = new Date(epoch + d * msPerDay).toISOString().slice(0, 10);
  return table;
}

/** `YYYY-MM-DD` for a day number. */
export function isoDate(day: number): string {
  const text = isoTable()[day];
  if (text === undefined) throw new RangeError(`Day ${day} is outside 1900–2199`);
  return text;
}

/** Day number of a `YYYY-MM-DD` date; throws for text that is not a real date. */
export function dayNumber(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`"${iso}" is not a date in YYYY-MM-DD form`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`"${iso}" is not a real date`);
  }
  return Math.round((ms - epoch) / msPerDay);
}

/** The same calendar date `years` later (29 February becomes 28 February). */
export function addYears(day: number, years: number): number {
  const date = new Date(epoch + day * msPerDay);
  const target = Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate());
  const shifted = new Date(target);
  const fixed = shifted.getUTCDate() !== date.getUTCDate() ? target - msPerDay * shifted.getUTCDate() : target;
  return Math.round((fixed - epoch) / msPerDay);
}

/** Calendar year of a day number. */
export function yearOf(day: number): number {
  return Number(isoDate(day).slice(0, 4));
}
