// What the analytics API sends commissioners and analysts: population aggregates under disclosure
// control, and pseudonymised rows (never names, addresses, dates of birth or NHS numbers). Each has a
// check that an answer is in the form the page expects, and the rows can be written as CSV.

/** One cell of the population table; a null count is suppressed (too few to publish). */
export interface PopulationCell {
  practice: string | null;
  ageBand: string | null;
  sex: string | null;
  people: number | null;
  aeAttendances: number | null;
  admissions: number | null;
}

/** How counts are published: those from 1 to `suppressBelow - 1` are suppressed, the rest rounded to `roundTo`. */
export interface DisclosureControl {
  suppressBelow: number;
  roundTo: number;
}

export interface Population {
  cells: PopulationCell[];
  disclosureControl: DisclosureControl;
}

/** One person, pseudonymised: a stable pseudonym instead of who they are, and their activity over the year. */
export interface PseudonymisedPerson {
  pseudonym: string;
  ageBand: string | null;
  sex: string | null;
  postcodeDistrict: string | null;
  practice: string | null;
  deceased: boolean;
  sources: string[];
  activity: { aeAttendances: number; admissions: number; gpContacts: number; communityVisits: number; careServices: number };
}

export interface PseudonymisedPage {
  people: PseudonymisedPerson[];
  next: string | null;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const isCount = (value: unknown): value is number | null => value === null || typeof value === 'number';
const isNumber = (value: unknown): value is number => typeof value === 'number';

function isCell(value: unknown): value is PopulationCell {
  return isObject(value) && isStringOrNull(value.practice) && isStringOrNull(value.ageBand) && isStringOrNull(value.sex)
    && isCount(value.people) && isCount(value.aeAttendances) && isCount(value.admissions);
}

export function isPopulation(body: unknown): body is Population {
  return isObject(body) && Array.isArray(body.cells) && body.cells.every(isCell) && isObject(body.disclosureControl)
    && isNumber(body.disclosureControl.suppressBelow) && isNumber(body.disclosureControl.roundTo);
}

function isPseudonymisedPerson(value: unknown): value is PseudonymisedPerson {
  return isObject(value) && typeof value.pseudonym === 'string' && isStringOrNull(value.ageBand) && isStringOrNull(value.sex)
    && isStringOrNull(value.postcodeDistrict) && isStringOrNull(value.practice) && typeof value.deceased === 'boolean'
    && Array.isArray(value.sources) && isObject(value.activity) && ['aeAttendances', 'admissions', 'gpContacts', 'communityVisits', 'careServices'].every((k) => isNumber((value.activity as Fields)[k]));
}

export function isPseudonymisedPage(body: unknown): body is PseudonymisedPage {
  return isObject(body) && Array.isArray(body.people) && body.people.every(isPseudonymisedPerson) && isStringOrNull(body.next ?? null);
}

/** The CSV's columns: a header and how to read a row's value. */
const csvColumns: readonly [string, (p: PseudonymisedPerson) => string | number | boolean | null][] = [
  ['pseudonym', (p) => p.pseudonym],
  ['age_band', (p) => p.ageBand],
  ['sex', (p) => p.sex],
  ['postcode_district', (p) => p.postcodeDistrict],
  ['practice', (p) => p.practice],
  ['deceased', (p) => p.deceased],
  ['sources', (p) => p.sources.join(';')],
  ['ae_attendances', (p) => p.activity.aeAttendances],
  ['admissions', (p) => p.activity.admissions],
  ['gp_contacts', (p) => p.activity.gpContacts],
  ['community_visits', (p) => p.activity.communityVisits],
  ['care_services', (p) => p.activity.careServices],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A value starting with
 * =, +, - or @ is prefixed with ' so a spreadsheet does not run it as a formula (OWASP, CSV injection).
 */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The pseudonymised rows as CSV, with a header row and CRLF line ends. */
export function pseudonymisedCsv(people: readonly PseudonymisedPerson[]): string {
  const lines = [csvColumns.map(([header]) => header).join(','), ...people.map((p) => csvColumns.map(([, read]) => csvField(read(p))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
