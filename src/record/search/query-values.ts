/**
 * The values of search parameters as written in a query (R4 "Search" §3.1.1.4): comma-separated
 * lists with `\,` `\|` `\$` `\\` escapes, tokens, dates and numbers with prefixes, quantities and
 * references. Each parser returns the parsed value or the reason the text is not one.
 */
import { approximateRange, dateRange } from './date-range.js';
import type { SearchParameterDef } from './parameters.js';
import { type DateMatch, type NumberMatch, type Prefix, type ReferenceMatch, type TokenMatch, prefixes } from './parsed-search.js';

export type Parsed<T> = { value: T } | { error: string };

/** Splits at each `separator` not escaped by a backslash, keeping the escapes. */
export function splitUnescaped(text: string, separator: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length && parts.length < limit - 1; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The text with the search escapes removed. */
export function unescape(text: string): string {
  return text.replace(/\\([,$|\\])/g, '$1');
}

/** The values of a comma-separated list, still escaped, without empty ones (which R4 ignores). */
export function orValues(text: string): string[] {
  return splitUnescaped(text, ',').filter((v) => v !== '');
}

export function parseToken(text: string): Parsed<TokenMatch> {
  const parts = splitUnescaped(text, '|', 2);
  if (parts.length === 1) return { value: { code: unescape(text) } };
  const system = unescape(parts[0] ?? '');
  const code = unescape(parts[1] ?? '');
  if (system === '' && code === '') return { error: `'${text}' names neither a system nor a code` };
  return { value: { system: system === '' ? null : system, ...(code === '' ? {} : { code }) } };
}

function splitPrefix(text: string): { prefix: Prefix; rest: string } {
  const head = text.slice(0, 2) as Prefix;
  return prefixes.includes(head) && /^[0-9.+-]/.test(text.slice(2)) ? { prefix: head, rest: text.slice(2) } : { prefix: 'eq', rest: text };
}

/** A date search value; `now` is needed for ap. A '+' of a time zone sent unencoded arrives as a space, and is read as '+'. */
export function parseDate(text: string, now: Date | undefined): Parsed<DateMatch> {
  const { prefix, rest } = splitPrefix(unescape(text));
  const value = rest.replace(/ (\d{2}:\d{2})$/, '+$1');
  if (prefix === 'ap') {
    if (now === undefined) return { error: 'ap (approximately) is not available here' };
    const range = approximateRange(value, now);
    return range === undefined ? { error: notADate(rest) } : { value: { prefix, ...range } };
  }
  const range = dateRange(value);
  return range === undefined ? { error: notADate(rest) } : { value: { prefix, ...range } };
}

const notADate = (text: string): string => `'${text}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD, or a date with a time hh:mm or hh:mm:ss and optionally a zone)`;

/** An exact decimal: digits × 10^exponent. */
interface Decimal {
  digits: bigint;
  exponent: number;
}

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

function parseDecimal(text: string): Decimal | undefined {
  const match = decimalPattern.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
  return { digits: BigInt(`${sign}${whole}${fraction}` || '0'), exponent: Number(exponent) - fraction.length };
}

const decimalText = (d: Decimal): string => (d.exponent === 0 ? d.digits.toString() : `${d.digits.toString()}e${d.exponent}`);

/**
 * The implicit range of a number: half a unit of its last significant digit either side (R4 "Search"
 * §3.1.1.4.1: 100 is [99.5, 100.5), 100.00 is [99.995, 100.005)). 1e2 has one significant figure,
 * so [50, 150); the specification's table gives [95, 105) for it, which no rule of precision yields.
 * ap widens the value by a tenth of itself either side, the margin §3.1.1.4.5 recommends.
 */
function numberRange(prefix: Prefix, value: Decimal): { low: string; high: string } {
  const shifted = { digits: value.digits * 10n, exponent: value.exponent - 1 };
  if (prefix === 'ap') {
    const a = { digits: value.digits * 9n, exponent: value.exponent - 1 };
    const b = { digits: value.digits * 11n, exponent: value.exponent - 1 };
    return value.digits < 0n ? { low: decimalText(b), high: decimalText(a) } : { low: decimalText(a), high: decimalText(b) };
  }
  return { low: decimalText({ ...shifted, digits: shifted.digits - 5n }), high: decimalText({ ...shifted, digits: shifted.digits + 5n }) };
}

export function parseNumber(text: string): Parsed<NumberMatch> {
  const { prefix, rest } = splitPrefix(unescape(text));
  const value = parseDecimal(rest);
  if (value === undefined) return { error: `'${rest}' is not a number` };
  return { value: { prefix, value: decimalText(value), ...numberRange(prefix, value) } };
}

/** `[prefix]value`, `[prefix]value|system|code` or `[prefix]value||code` (the code or unit, in any system). */
export function parseQuantity(text: string): Parsed<NumberMatch> {
  const parts = splitUnescaped(text, '|', 3);
  if (parts.length === 2) return { error: `'${text}' is not a quantity (value, value|system|code or value||code)` };
  const number = parseNumber(parts[0] ?? '');
  if ('error' in number) return number;
  const system = unescape(parts[1] ?? '');
  const code = unescape(parts[2] ?? '');
  return { value: { ...number.value, ...(system === '' ? {} : { system }), ...(code === '' ? {} : { code }) } };
}

const idPattern = /^[A-Za-z0-9.-]{1,64}$/;
const relative = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;
const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * A reference search value (§3.1.1.4.11): Type/id, an id (of the one target type, or of any type),
 * an absolute URL (a record held here when under `base`, otherwise matched as written); `type` is
 * the type a `:Type` modifier names.
 */
export function parseReference(text: string, def: SearchParameterDef, type: string | undefined, base: string | undefined): Parsed<ReferenceMatch> {
  let value = unescape(text);
  const root = base?.replace(/\/+$/, '');
  if (root !== undefined && root !== '' && value.startsWith(`${root}/`)) value = value.slice(root.length + 1);
  else if (hasScheme.test(value)) return { value: { kind: 'url', url: value } };
  const match = relative.exec(value);
  if (match !== null) {
    const [, target = '', id = ''] = match;
    if (!def.targets.includes(target)) return { error: `${def.name} does not refer to ${target} (it refers to ${def.targets.join(', ')})` };
    if (type !== undefined && type !== target) return { error: `'${value}' is not a ${type}` };
    return { value: { kind: 'local', type: target, id } };
  }
  if (!idPattern.test(value)) return { error: `'${value}' is not a reference (Type/id, an id, or an absolute URL)` };
  const only = type ?? (def.targets.length === 1 ? def.targets[0] : undefined);
  return { value: only === undefined ? { kind: 'local', id: value } : { kind: 'local', type: only, id: value } };
}
