/**
 * Per-record features, worked out once before any pair is compared: each compared column becomes a
 * dictionary of its distinct cleaned values and one Int32Array of dictionary indexes (-1 missing),
 * shared by both files so that equal values have equal indexes. Term frequencies are the counts of
 * the dictionary entries. Blocking keys are Int32Arrays too. Nothing per record is an object, so a
 * million records cost a few tens of megabytes beyond their strings.
 */
import { doubleMetaphone } from 'double-metaphone';
import { buildComparator, type Comparator } from './comparators.js';
import { normaliseDate, normalisePostcode, normaliserFor, normaliseText, postcodeParts } from './normalise.js';
import type { BlockingPart, BlockingRule, FieldSettings, LinkageSettings } from './settings.js';

/** Records as columns of raw strings, with their ids. */
export interface RecordTable {
  readonly ids: readonly string[];
  readonly columns: Readonly<Record<string, readonly string[] | undefined>>;
}

export interface ColumnValues {
  /** Dictionary index of each record's cleaned value, -1 when missing. */
  readonly values: Int32Array;
  readonly dictionary: readonly string[];
  /** Records holding each dictionary entry. */
  readonly counts: Int32Array;
  /** Records holding any value. */
  readonly present: number;
}

export interface FieldFeatures extends ColumnValues {
  readonly settings: FieldSettings;
  readonly comparator: Comparator;
}

/** The records of one link (left then right) or one dedupe, ready to compare. */
export interface Features {
  readonly size: number;
  /** Records from the left file; the rest are from the right. Equal to size for a dedupe. */
  readonly leftSize: number;
  readonly dedupe: boolean;
  readonly ids: (record: number) => string;
  readonly fields: readonly FieldFeatures[];
  /** Cleaned values of a column (a field's, or plain text for a column used only in blocking). */
  readonly column: (name: string) => ColumnValues & { readonly field?: FieldSettings };
}

function columnOf(table: RecordTable, column: string): readonly string[] {
  const values = table.columns[column];
  if (!values) throw new RangeError(`No column "${column}" in the records`);
  return values;
}

function dictionaryOf(tables: readonly RecordTable[], column: string, clean: (raw: string) => string): ColumnValues {
  const size = tables.reduce((n, t) => n + t.ids.length, 0);
  const values = new Int32Array(size);
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  let counts = new Int32Array(1024);
  let present = 0;
  let at = 0;
  for (const table of tables) {
    for (const raw of columnOf(table, column)) {
      const value = clean(raw);
      if (value === '') {
        values[at++] = -1;
        continue;
      }
      let id = index.get(value);
      if (id === undefined) {
        id = dictionary.length;
        index.set(value, id);
        dictionary.push(value);
        if (id >= counts.length) {
          const grown = new Int32Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
      }
      counts[id] = (counts[id] ?? 0) + 1;
      values[at++] = id;
      present++;
    }
  }
  return { values, dictionary, counts: counts.slice(0, dictionary.length), present };
}

/** Cleans and indexes the compared columns of one file (dedupe) or two (link). */
export function buildFeatures(settings: LinkageSettings, left: RecordTable, right?: RecordTable): Features {
  const tables = right ? [left, right] : [left];
  const size = tables.reduce((n, t) => n + t.ids.length, 0);
  if (size >= 2 ** 26) throw new RangeError(`At most ${2 ** 26 - 1} records can be linked at once, not ${size}`);
  const fields = settings.fields.map((f): FieldFeatures => {
    const column = dictionaryOf(tables, f.column, normaliserFor(f));
    return { ...column, settings: f, comparator: buildComparator(f, column.dictionary) };
  });
  const plain = new Map<string, ColumnValues>();
  const leftSize = left.ids.length;
  return {
    size,
    leftSize,
    dedupe: right === undefined,
    ids: (record) => (record < leftSize ? left.ids[record] : right?.ids[record - leftSize]) ?? '',
    fields,
    column(name) {
      const field = fields.find((f) => f.settings.column === name);
      if (field) return { ...field, field: field.settings };
      let values = plain.get(name);
      if (!values) plain.set(name, (values = dictionaryOf(tables, name, normaliseText)));
      return values;
    },
  };
}

/**
 * A part of a blocking key from a cleaned value ('' when it has none): the value itself, or the key
 * derived from it. Batch blocking and the live blocking keys kept in the database both use this.
 */
export function partKey(part: BlockingPart, entry: string, isDate: boolean): string {
  switch (part.key) {
    case 'value':
      return entry;
    case 'first-letter':
      return entry.slice(0, 1);
    case 'first-3':
      return entry.slice(0, 3);
    case 'year':
      return (isDate ? entry : normaliseDate(entry, undefined)).slice(0, 4);
    case 'metaphone':
      return entry === '' ? '' : doubleMetaphone(entry)[0];
    case 'postcode-sector':
      return postcodeParts(normalisePostcode(entry))?.sector ?? '';
    case 'postcode-district':
      return postcodeParts(normalisePostcode(entry))?.district ?? '';
  }
}

/** For each dictionary entry of the column, the id of its part of a blocking key (-1: no key). */
function partIds(features: Features, part: BlockingPart): Int32Array {
  const column = features.column(part.column);
  const codes = new Map<string, number>();
  const isDate = column.field?.comparison === 'date';
  return Int32Array.from(column.dictionary, (entry) => {
    const key = partKey(part, entry, isDate);
    if (key === '') return -1;
    let id = codes.get(key);
    if (id === undefined) codes.set(key, (id = codes.size));
    return id;
  });
}

/**
 * Each record's key under a blocking rule (-1 when any part is missing): the parts' ids combined
 * and interned, so that equal keys are equal numbers.
 */
export function blockingKeys(features: Features, rule: BlockingRule): Int32Array {
  const keys = new Int32Array(features.size);
  rule.forEach((part, p) => {
    const ids = partIds(features, part);
    const { values } = features.column(part.column);
    const combined = new Map<number, number>();
    for (let r = 0; r < features.size; r++) {
      const v = values[r] ?? -1;
      const id = v < 0 ? -1 : (ids[v] ?? -1);
      if (id < 0 || (p > 0 && (keys[r] ?? -1) < 0)) {
        keys[r] = -1;
        continue;
      }
      if (p === 0) {
        keys[r] = id;
        continue;
      }
      const joint = (keys[r] ?? 0) * 2 ** 26 + id;
      let k = combined.get(joint);
      if (k === undefined) combined.set(joint, (k = combined.size));
      keys[r] = k;
    }
  });
  return keys;
}

/** How a column is cleaned for blocking: as the field comparing it cleans it, or as plain text. */
function cleanerOf(settings: LinkageSettings, column: string): { clean: (raw: string) => string; isDate: boolean } {
  const field = settings.fields.find((f) => f.column === column);
  return field ? { clean: normaliserFor(field), isDate: field.comparison === 'date' } : { clean: normaliseText, isDate: false };
}

/**
 * One record's blocking keys as text, a key per rule it has every part of ("rule number, then each
 * part's value"). Two records share a key exactly when batch blocking would pair them under that
 * rule, so a database index of these keys finds an arriving record's candidates.
 */
export function recordBlockingKeys(settings: LinkageSettings, value: (column: string) => string): string[] {
  const keys: string[] = [];
  settings.blocking.forEach((rule, r) => {
    const parts: string[] = [String(r)];
    for (const part of rule) {
      const { clean, isDate } = cleanerOf(settings, part.column);
      const key = partKey(part, clean(value(part.column)), isDate);
      if (key === '') return;
      parts.push(key);
    }
    keys.push(parts.join('\u001f'));
  });
  return keys;
}

/** A rule written the way the settings write it: "surname(first-letter) + date_of_birth(year)". */
export function describeRule(rule: BlockingRule): string {
  return rule.map((p) => (p.key === 'value' ? p.column : `${p.column}(${p.key})`)).join(' + ');
}

/** The cleaned values a record contributes to a rule, for reports of oversized blocks. */
export function describeKey(features: Features, rule: BlockingRule, record: number): string {
  return rule
    .map((p) => {
      const c = features.column(p.column);
      return `${p.column}=${c.dictionary[c.values[record] ?? -1] ?? ''}`;
    })
    .join(', ');
}
