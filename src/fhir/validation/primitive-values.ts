/**
 * Values of the FHIR R4 primitive types as JSON (R4 json.html, "JSON representation of primitive
 * elements"): booleans and numbers are JSON booleans and numbers, everything else a string that
 * matches the type's regex as the specification publishes it on the type's StructureDefinition.
 */

/** A primitive type, compiled from r4-structures.json. */
export interface Primitive {
  readonly name: string;
  readonly json: 'boolean' | 'integer' | 'decimal' | 'string';
  readonly pattern: RegExp | undefined;
  readonly low: number | undefined;
  readonly high: number | undefined;
  readonly maxLength: number | undefined;
  /** date, dateTime and instant: the day must exist in its month. */
  readonly calendar: boolean;
}

/** What went wrong with a value: the issue code and a sentence saying what was seen and expected. */
export interface ValueProblem {
  readonly code: 'structure' | 'value';
  readonly diagnostics: string;
}

const jsonKinds = { b: 'boolean', i: 'integer', d: 'decimal', s: 'string' } as const;

/**
 * The spec's base64Binary pattern, (\s*([0-9a-zA-Z\+/=]){4}\s*)+, backtracks exponentially on a
 * long invalid value with line breaks (two \s* meet at every break). This form accepts exactly the
 * same text without that ambiguity; validate.test.ts pins the published pattern it stands for.
 */
export const publishedBase64Pattern = '(\\s*([0-9a-zA-Z\\+/=]){4}\\s*)+';
const base64Pattern = /^[ \t\n\r]*(?:[0-9a-zA-Z+/=]{4}[ \t\n\r]*)+$/;

/** Plain words for the formats, so a diagnostic says what was expected, not only a regex. */
const formats: Readonly<Record<string, string>> = {
  date: 'YYYY, YYYY-MM or YYYY-MM-DD',
  dateTime: 'YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a time zone (Z or +hh:mm)',
  instant: 'YYYY-MM-DDThh:mm:ss with a time zone (Z or +hh:mm)',
  time: 'hh:mm:ss',
  id: '1 to 64 letters, digits, "-" or "."',
  code: 'text with no leading, trailing or repeated white space',
  oid: 'urn:oid: and a dotted number',
  uuid: 'urn:uuid: and a lower-case UUID',
  uri: 'text with no white space',
  url: 'text with no white space',
  canonical: 'text with no white space',
  base64Binary: 'base64 text',
  positiveInt: 'a whole number of 1 or more',
  unsignedInt: 'a whole number of 0 or more',
  integer: 'a whole number',
  decimal: 'a number',
};

export function compilePrimitive(
  name: string,
  p: { j: 'b' | 'i' | 'd' | 's'; re?: string; lo?: number; hi?: number; ml?: number },
): Primitive {
  let pattern: RegExp | undefined;
  if (p.re !== undefined) pattern = name === 'base64Binary' && p.re === publishedBase64Pattern ? base64Pattern : fromXsdRegex(p.re);
  return {
    name,
    json: jsonKinds[p.j],
    pattern,
    low: p.lo,
    high: p.hi,
    maxLength: p.ml,
    calendar: name === 'date' || name === 'dateTime' || name === 'instant',
  };
}

/**
 * A JavaScript RegExp for a FHIR regex. They are XML Schema regexes: matched against the whole
 * value, and \s is only space, tab, CR and LF (XML Schema Part 2, F.1.1), where in JavaScript it
 * also takes in no-break and other Unicode spaces that are fine in a FHIR string.
 */
export function fromXsdRegex(source: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '\\' && i + 1 < source.length) {
      const next = source.charAt(++i);
      if (next === 's') out += inClass ? ' \\t\\n\\r' : '[ \\t\\n\\r]';
      else if (next === 'S') out += inClass ? '\\0-\\x08\\x0B\\x0C\\x0E-\\x1F\\x21-\\uFFFF' : '[^ \\t\\n\\r]';
      else out += `\\${next}`;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return new RegExp(`^(?:${out})$`);
}

/** Why a JSON value is not a valid value of the primitive type, or undefined when it is. */
export function primitiveProblem(value: unknown, type: Primitive): ValueProblem | undefined {
  switch (type.json) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : wrongJson(value, type, 'true or false (a JSON boolean)');
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? numberProblem(value, type) : wrongJson(value, type, 'a JSON number');
    case 'string':
      return typeof value === 'string' ? textProblem(value, type) : wrongJson(value, type, 'a JSON string');
  }
}

function numberProblem(value: number, type: Primitive): ValueProblem | undefined {
  if (!Number.isFinite(value)) return { code: 'value', diagnostics: `${String(value)} is not ${article(type.name)}: expected ${formats[type.name] ?? 'a number'}` };
  if (type.json === 'integer' && !Number.isInteger(value)) {
    return { code: 'value', diagnostics: `${value} is not ${article(type.name)}: expected ${formats[type.name] ?? 'a whole number'}` };
  }
  // The regex is of the value written out (positiveInt's rules out 0 and negative numbers).
  if (type.pattern !== undefined && !type.pattern.test(String(value))) {
    return { code: 'value', diagnostics: `${value} is not ${article(type.name)}: expected ${formats[type.name] ?? 'a number'}` };
  }
  if ((type.low !== undefined && value < type.low) || (type.high !== undefined && value > type.high)) {
    return { code: 'value', diagnostics: `${value} is out of the range of ${article(type.name)} (${type.low ?? '-∞'} to ${type.high ?? '∞'})` };
  }
  return undefined;
}

function textProblem(value: string, type: Primitive): ValueProblem | undefined {
  if (value === '') {
    return { code: 'value', diagnostics: `An empty string is not ${article(type.name)}: FHIR JSON has no empty strings, leave the element out instead` };
  }
  if (type.maxLength !== undefined && value.length > type.maxLength) {
    return { code: 'value', diagnostics: `${capitalised(article(type.name))} of ${value.length} characters is longer than the ${type.maxLength} allowed` };
  }
  if (type.pattern !== undefined && !type.pattern.test(value)) {
    const expected = formats[type.name];
    return { code: 'value', diagnostics: `${quote(value)} is not a valid ${type.name}${expected === undefined ? '' : `: expected ${expected}`}` };
  }
  if (type.calendar) {
    const wrongDay = impossibleDay(value);
    if (wrongDay !== undefined) return { code: 'value', diagnostics: `${quote(value)} is not a real ${type.name}: ${wrongDay}` };
  }
  return undefined;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The regexes let any month reach day 31; say why the day does not exist, if it does not. */
function impossibleDay(text: string): string | undefined {
  if (text.length < 10) return undefined;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day > days ? `${monthNames[month - 1] ?? 'that month'} ${year} has ${days} days` : undefined;
}

function wrongJson(value: unknown, type: Primitive, expected: string): ValueProblem {
  return { code: 'structure', diagnostics: `Expected ${expected} for ${article(type.name)}, got ${describe(value)}` };
}

/** "an integer", "a uuid": the type name with its article. */
function article(name: string): string {
  return `${/^[aeiox]/.test(name) ? 'an' : 'a'} ${name}`;
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** A JSON value in a few words, for a diagnostic. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return `a ${typeof value}`;
  }
}

/** Quoted, and cut short when long, so one bad value does not fill the OperationOutcome. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
