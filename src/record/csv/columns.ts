/**
 * Reading a CSV row by column name, whatever the file's spelling of the name: names compare without
 * case, and with any run of characters other than letters and digits taken as one "_", so NHS
 * England's `Cost_Frequency_(Unit_Type)` and our `Cost_Frequency_Unit_Type` are one column, as are
 * `Planned_units_per_week` and `Planned_Units_Per_Week` (DOMAIN.md §3.3). A byte order mark before
 * the first name is ignored.
 */

const byteOrderMark = /^\uFEFF/;
const nonWord = /[^a-z0-9]+/g;
const edgeUnderscores = /^_+|_+$/g;

/** Header names seen so far and their keys; cleared when it grows past any real set of headers. */
const keys = new Map<string, string>();
const maxRememberedNames = 10_000;

/** The key two spellings of one column name share, e.g. "cost_frequency_unit_type". */
export function columnKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = name.replace(byteOrderMark, '').toLowerCase().replace(nonWord, '_').replace(edgeUnderscores, '');
    if (keys.size >= maxRememberedNames) keys.clear();
    keys.set(name, key);
  }
  return key;
}

/** A CSV row as the file has it: header name → text. */
export type CsvRow = Readonly<Record<string, string>>;

/** Reads one row's fields by canonical column name; values are trimmed, absent columns read as "". */
export class RowReader {
  private byKey: Map<string, string> | undefined;

  constructor(readonly row: CsvRow) {}

  /** The field's text, trimmed; "" when empty or when the file has no such column. */
  get(column: string): string {
    const value = this.row[column] ?? this.byKeyOf(column);
    return value === undefined ? '' : value.trim();
  }

  /** The name the file gives a column (for locating an issue), or the canonical name when absent. */
  nameOf(column: string): string {
    if (column in this.row) return column;
    const wanted = columnKey(column);
    for (const name of Object.keys(this.row)) if (columnKey(name) === wanted) return name;
    return column;
  }

  private byKeyOf(column: string): string | undefined {
    if (this.byKey === undefined) {
      this.byKey = new Map();
      for (const [name, value] of Object.entries(this.row)) this.byKey.set(columnKey(name), value);
    }
    return this.byKey.get(columnKey(column));
  }
}
