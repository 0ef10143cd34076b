/**
 * What mapping one CSV row needs at hand: its fields by canonical column name, where it came from,
 * and the data quality issues found so far, with the checks every kind of row shares.
 */
import { isValidNhsNumber, normaliseNhsNumber } from '../../people/index.js';
import type { DataQualityIssue, Location, Sex } from '../model.js';
import { type CsvRow, RowReader } from './columns.js';
import { parseDate } from './dates.js';

/** Where a row is: the file (when known) and its 1-based line. */
export interface RowPlace {
  file?: string;
  line: number;
}

/** Spellings of sex and gender in source systems, folded to lower case (NHS Data Dictionary codes too). */
const sexes: ReadonlyMap<string, Sex> = new Map([
  ['female', 'female'], ['f', 'female'], ['2', 'female'],
  ['male', 'male'], ['m', 'male'], ['1', 'male'],
  ['unknown', 'unknown'], ['u', 'unknown'], ['not known', 'unknown'], ['0', 'unknown'],
  ['not specified', 'unknown'], ['x', 'unknown'],
  ['other', 'other'], ['indeterminate', 'other'], ['9', 'other'],
]);

export class RowContext {
  readonly fields: RowReader;
  readonly issues: DataQualityIssue[] = [];
  /** Whether an issue so far rejects the row's main record. */
  rejected = false;

  constructor(row: CsvRow, private readonly place: RowPlace) {
    this.fields = new RowReader(row);
  }

  get row(): CsvRow {
    return this.fields.row;
  }

  /** The field's text, trimmed ("" when empty or absent). */
  get(column: string): string {
    return this.fields.get(column);
  }

  location(column?: string): Location {
    const { file, line } = this.place;
    return {
      ...(file === undefined ? {} : { file }),
      line,
      ...(column === undefined ? {} : { field: this.fields.nameOf(column) }),
    };
  }

  /** Notes an issue; a rejecting one rejects the row's main record. */
  issue(code: string, column: string | undefined, message: string, rejected: boolean): void {
    this.issues.push({ location: this.location(column), code, message, rejected });
    if (rejected) this.rejected = true;
  }

  /** Notes an issue that rejects a record other than the row's main one (it leaves `rejected` alone). */
  rejectApart(code: string, column: string | undefined, message: string): void {
    this.issues.push({ location: this.location(column), code, message, rejected: true });
  }

  /** A value the record cannot be without: "" (and a rejecting "missing-value") when empty. */
  required(column: string, what: string): string {
    const value = this.get(column);
    if (value === '') this.issue('missing-value', column, `No ${what} (${column} is empty).`, true);
    return value;
  }

  /**
   * The date in a column as YYYY-MM-DD; undefined when empty, or when not a calendar date, which is
   * an "impossible-date" issue that rejects the record when `reject` is set.
   */
  date(column: string, reject: boolean): string | undefined {
    const text = this.get(column);
    if (text === '') return undefined;
    const date = parseDate(text);
    if (date === undefined) {
      this.issue('impossible-date', column, `${column} "${text}" is not a calendar date${reject ? '' : ' and was left out'}.`, reject);
    }
    return date;
  }

  /** A date the record cannot be without: a rejecting "missing-value" when empty, "impossible-date" when not a date. */
  requiredDate(column: string, what: string): string | undefined {
    if (this.get(column) === '') {
      this.required(column, what);
      return undefined;
    }
    return this.date(column, true);
  }

  /** The NHS number without spaces, or undefined when empty or failing the modulus 11 check (DOMAIN.md §5.2). */
  nhsNumber(column: string): string | undefined {
    const text = this.get(column);
    if (text === '') return undefined;
    if (!isValidNhsNumber(text)) {
      this.issue('invalid-nhs-number', column, `${column} "${text}" is not a valid NHS number (ten digits passing the modulus 11 check) and was left out.`, false);
      return undefined;
    }
    return normaliseNhsNumber(text);
  }

  /** Sex or gender as recorded; an unrecognised value is an "unknown-code" issue and left out. */
  sex(column: string): Sex | undefined {
    const text = this.get(column);
    if (text === '') return undefined;
    const sex = sexes.get(text.toLowerCase());
    if (sex === undefined) this.issue('unknown-code', column, `${column} "${text}" is not a sex we know and was left out.`, false);
    return sex;
  }
}

/** A code list's entry for a code, never one of Object's own properties. */
export function entryOf<T>(list: Readonly<Record<string, T>>, code: string): T | undefined {
  return Object.hasOwn(list, code) ? list[code] : undefined;
}

/** "1 day", "6 days". */
export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}
