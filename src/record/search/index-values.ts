/**
 * What each element a search parameter selects puts in the index, by the kind of parameter (FHIR R4
 * "Search", http://hl7.org/fhir/R4/search.html, §3.1.1.4 and the table of data types in §3.1.1.4.8):
 * tokens from codes, Codings, CodeableConcepts, Identifiers, ContactPoints, booleans, uris and ids;
 * strings from strings, HumanNames and Addresses; dates from dates, dateTimes, instants, Periods and
 * Timings; references; quantities and numbers.
 */
import { dateRange, periodRange } from './date-range.js';
import type { Item } from './fhirpath.js';

export type SearchParamType = 'token' | 'string' | 'date' | 'reference' | 'quantity' | 'number' | 'uri';

export interface TokenValue { param: string; system: string | null; code: string }
export interface StringValue { param: string; norm: string; exact: string }
export interface DateValue { param: string; low: string; high: string }
export interface ReferenceValue { param: string; targetType: string | null; targetId: string | null; url: string }
export interface QuantityValue { param: string; value: string; system: string | null; code: string | null }

/** The search index rows of one resource, by table. uri parameters are tokens without a system, numbers quantities without a unit. */
export interface IndexValues {
  tokens: TokenValue[];
  strings: StringValue[];
  dates: DateValue[];
  references: ReferenceValue[];
  quantities: QuantityValue[];
}

const quantityTypes = ['Quantity', 'Age', 'Duration', 'Count', 'Distance', 'SimpleQuantity', 'MoneyQuantity'];
const uriTypes = ['uri', 'url', 'canonical', 'oid', 'uuid'];

/**
 * The element types each kind of parameter indexes. Anything else a parameter can select gives no
 * value, and the generator of the definitions lists those cases (SampledData, which is a series
 * rather than a quantity, and a CarePlan activity scheduled as free text).
 */
export const indexedElementTypes: Readonly<Record<SearchParamType, readonly string[]>> = {
  token: ['code', 'Coding', 'CodeableConcept', 'Identifier', 'ContactPoint', 'boolean', 'id', 'string', 'markdown', ...uriTypes],
  string: ['string', 'markdown', 'HumanName', 'Address'],
  date: ['date', 'dateTime', 'instant', 'Period', 'Timing'],
  reference: ['Reference', 'canonical', 'uri'],
  quantity: [...quantityTypes, 'Range'],
  number: ['integer', 'decimal', 'positiveInt', 'unsignedInt'],
  uri: uriTypes,
};

/**
 * How much of a string the index keeps for matching (a btree entry has a size limit): a search
 * value longer than this is compared on its first this-many characters.
 */
export const indexedStringLength = 200;

/** The longest code or system indexed (migration 0003: entries must fit a btree page); no real one comes near. */
export const indexedTokenLength = 400;

/** A string as the default string search compares it: lower case, accents removed, whitespace collapsed; punctuation kept. */
export function normaliseString(text: string): string {
  const folded = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFD').replace(/\p{M}/gu, '');
  return folded.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The first `indexedStringLength` characters (whole code points) of a normalised string. */
export function indexedPrefix(norm: string): string {
  if (norm.length <= indexedStringLength) return norm;
  return Array.from(norm).slice(0, indexedStringLength).join('');
}

const relativeReference = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;
const endsInTypeAndId = /\/([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;

/**
 * A reference as the index keeps it: a relative Type/id (with or without a version) gives its type
 * and id; an absolute URL keeps only its text unless it ends in Type/id; a contained reference
 * (#id) refers to nothing searchable and gives nothing (R4 "Search" §3.1.1.4.11).
 */
export function referenceValue(param: string, url: string): ReferenceValue | undefined {
  if (url === '' || url.startsWith('#')) return undefined;
  const match = relativeReference.exec(url) ?? (url.includes(':') ? endsInTypeAndId.exec(url.split('|')[0] ?? url) : null);
  return { param, targetType: match?.[1] ?? null, targetId: match?.[2] ?? null, url };
}

type JsonObject = Record<string, unknown>;

const asObject = (value: unknown): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
const text = (object: JsonObject, key: string): string | undefined => {
  const value = object[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const texts = (object: JsonObject, key: string): string[] => {
  const value = object[key];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
};

/** Collects one resource's index values, each distinct value of a parameter once. */
export class IndexCollector {
  readonly values: IndexValues = { tokens: [], strings: [], dates: [], references: [], quantities: [] };
  private readonly seen = new Set<string>();

  private once(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /** Adds what `item`, selected by parameter `param` of kind `kind`, contributes. */
  add(kind: SearchParamType, param: string, item: Item): void {
    switch (kind) {
      case 'token':
      case 'uri':
        this.addToken(param, item);
        return;
      case 'string':
        this.addString(param, item);
        return;
      case 'date':
        this.addDate(param, item);
        return;
      case 'reference':
        this.addReference(param, item);
        return;
      case 'quantity':
      case 'number':
        this.addQuantity(param, item);
        return;
    }
  }

  private token(param: string, system: string | null | undefined, code: string | undefined): void {
    if (code === undefined || code === '' || code.length > indexedTokenLength || (system?.length ?? 0) > indexedTokenLength) return;
    if (this.once(`t\u0000${param}\u0000${system ?? ''}\u0001${code}`)) this.values.tokens.push({ param, system: system ?? null, code });
  }

  private addToken(param: string, item: Item): void {
    const { value } = item;
    if (typeof value === 'string') this.token(param, item.system, value);
    else if (typeof value === 'boolean') this.token(param, null, String(value));
    const object = asObject(value);
    if (object === undefined) return;
    if (item.type === 'Coding') this.token(param, text(object, 'system'), text(object, 'code'));
    else if (item.type === 'Identifier') this.token(param, text(object, 'system'), text(object, 'value'));
    else if (item.type === 'ContactPoint') this.token(param, null, text(object, 'value'));
    else if (item.type === 'CodeableConcept') {
      for (const coding of Array.isArray(object.coding) ? (object.coding as unknown[]) : []) {
        const c = asObject(coding);
        if (c !== undefined) this.token(param, text(c, 'system'), text(c, 'code'));
      }
    }
  }

  private string(param: string, exact: string): void {
    const norm = indexedPrefix(normaliseString(exact));
    if (norm !== '' && this.once(`s\u0000${param}\u0000${exact}`)) this.values.strings.push({ param, norm, exact });
  }

  private addString(param: string, item: Item): void {
    const { value } = item;
    if (typeof value === 'string') {
      this.string(param, value);
      return;
    }
    const object = asObject(value);
    if (object === undefined) return;
    const parts = item.type === 'HumanName'
      ? ['family', 'given', 'prefix', 'suffix', 'text']
      : item.type === 'Address' ? ['line', 'city', 'district', 'state', 'postalCode', 'country', 'text'] : [];
    for (const part of parts) for (const t of texts(object, part)) this.string(param, t);
  }

  private date(param: string, range: { low: string; high: string } | undefined): void {
    if (range !== undefined && this.once(`d\u0000${param}\u0000${range.low}\u0000${range.high}`)) this.values.dates.push({ param, ...range });
  }

  private addDate(param: string, item: Item): void {
    const { value } = item;
    if (typeof value === 'string') {
      if (item.type !== 'string') this.date(param, dateRange(value));
      return;
    }
    const object = asObject(value);
    if (object === undefined) return;
    if (item.type === 'Period') this.date(param, periodRange(object.start, object.end));
    if (item.type === 'Timing') {
      // Only the outer limits of a schedule matter for search: its events and its bounding period.
      for (const event of texts(object, 'event')) this.date(param, dateRange(event));
      const bounds = asObject(asObject(object.repeat)?.boundsPeriod);
      if (bounds !== undefined) this.date(param, periodRange(bounds.start, bounds.end));
    }
  }

  private addReference(param: string, item: Item): void {
    const { value } = item;
    const url = typeof value === 'string' ? value : item.type === 'Reference' ? text(asObject(value) ?? {}, 'reference') : undefined;
    const reference = url === undefined ? undefined : referenceValue(param, url);
    if (reference !== undefined && this.once(`r\u0000${param}\u0000${reference.url}`)) this.values.references.push(reference);
  }

  private quantity(param: string, value: unknown, system: string | undefined, code: string | undefined): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    const number = String(value);
    if (this.once(`q\u0000${param}\u0000${number}\u0000${system ?? ''}\u0001${code ?? ''}`)) {
      this.values.quantities.push({ param, value: number, system: system ?? null, code: code ?? null });
    }
  }

  private addQuantity(param: string, item: Item): void {
    const { value } = item;
    if (typeof value === 'number') {
      this.quantity(param, value, undefined, undefined);
      return;
    }
    const object = asObject(value);
    if (object === undefined) return;
    // Without a coded unit, the unit as written is what `value||unit` can match (R4 "Search" §3.1.1.4.7).
    const add = (q: JsonObject | undefined): void => {
      if (q !== undefined) this.quantity(param, q.value, text(q, 'system'), text(q, 'code') ?? text(q, 'unit'));
    };
    if (item.type === 'Range') {
      // A range is indexed as its two ends: gt/lt/ge/le then match when the range reaches past the value.
      add(asObject(object.low));
      add(asObject(object.high));
      return;
    }
    if (quantityTypes.includes(item.type)) add(object);
  }
}
