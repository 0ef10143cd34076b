// The shared care record as the people API returns it: search results, one person's header, summary
// and identities, and their timeline. Checks are shallow: enough that a server answering something
// else gives a clear error instead of a broken page.

/** A source system: "gp", "hospital", "community", "council" or one an installation adds. */
export interface SourceRef {
  id: string;
  name: string;
}

export type Sex = 'female' | 'male' | 'other' | 'unknown';

/** One person found by `GET /api/people?q=…`. */
export interface PersonMatch {
  id: string;
  name: string;
  nhsNumber: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  age: number | null;
  sex: Sex | null;
  postcode: string | null;
  /** ODS code of the registered GP practice. */
  practice: string | null;
  /** Ids of the source systems that hold a record of the person. */
  sources: string[];
}

/** What the search text was taken to be. */
export type QueryKind = 'name' | 'nhs-number' | 'birth-date' | 'postcode';

export interface PeopleSearch {
  results: PersonMatch[];
  query: { kind: QueryKind; text: string };
}

/** A line of the person's summary (a problem, a medication, a service …) and where it came from. */
export interface SummaryLine {
  text: string;
  code: string | null;
  /** YYYY-MM-DD or an instant: when it started or was recorded. */
  since: string | null;
  source: SourceRef;
}

export interface Alert {
  text: string;
  since: string | null;
  source: SourceRef;
}

export interface PersonHeader {
  name: string;
  nhsNumber: string | null;
  birthDate: string | null;
  age: number | null;
  sex: Sex | null;
  /** The address on one line. */
  address: string | null;
  postcode: string | null;
  practice: { code: string; name: string | null } | null;
  /** YYYY-MM-DD. */
  deceased: string | null;
  alerts: Alert[];
}

export interface PersonSummary {
  problems: SummaryLine[];
  medications: SummaryLine[];
  allergies: SummaryLine[];
  services: SummaryLine[];
  carers: SummaryLine[];
  frailty: SummaryLine | null;
}

/** How a source's record of the person came to be linked to them. */
export type LinkedBy = 'nhs-number' | 'own-record' | 'probabilistic' | 'reviewer';

/** One source system's record of the person, with the demographics it holds. */
export interface Identity {
  source: SourceRef;
  localId: string;
  nhsNumber: string | null;
  name: string | null;
  birthDate: string | null;
  postcode: string | null;
  linkedBy: LinkedBy;
}

/** The body of `GET /api/people/:id`. */
export interface Person {
  id: string;
  header: PersonHeader;
  summary: PersonSummary;
  identities: Identity[];
}

export interface TimelineEntry {
  id: string;
  /** YYYY-MM-DD or an instant. */
  date: string;
  endDate: string | null;
  /** One of the record's entry kinds, e.g. "admission". */
  kind: string;
  kindLabel: string;
  title: string;
  /** Further facts, label → value. */
  detail: Record<string, string>;
  source: SourceRef;
}

export interface KindCount {
  kind: string;
  label: string;
  count: number;
}

export interface SourceCount {
  id: string;
  name: string;
  count: number;
}

/** The body of `GET /api/people/:id/timeline`: a page of entries, newest first, and what can be filtered. */
export interface Timeline {
  entries: TimelineEntry[];
  /** Every kind the person's record has, counted whatever the filter. */
  kinds: KindCount[];
  /** Every source that holds entries for the person, counted whatever the filter. */
  sources: SourceCount[];
  /** Cursor of the next (older) page, or null on the last. */
  next: string | null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

export function isSourceRef(value: unknown): value is SourceRef {
  return isRecord(value) && typeof value.id === 'string' && typeof value.name === 'string';
}

function isPersonMatch(value: unknown): value is PersonMatch {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    isStringOrNull(value.nhsNumber) &&
    isStringOrNull(value.birthDate) &&
    Array.isArray(value.sources)
  );
}

export function isPeopleSearch(value: unknown): value is PeopleSearch {
  return (
    isRecord(value) &&
    Array.isArray(value.results) &&
    value.results.every(isPersonMatch) &&
    isRecord(value.query) &&
    typeof value.query.kind === 'string'
  );
}

function isSummaryLine(value: unknown): value is SummaryLine {
  return isRecord(value) && typeof value.text === 'string' && isStringOrNull(value.since) && isSourceRef(value.source);
}

function isLines(value: unknown): value is SummaryLine[] {
  return Array.isArray(value) && value.every(isSummaryLine);
}

function isHeader(value: unknown): value is PersonHeader {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    isStringOrNull(value.nhsNumber) &&
    isStringOrNull(value.birthDate) &&
    isStringOrNull(value.deceased) &&
    (value.practice === null || (isRecord(value.practice) && typeof value.practice.code === 'string')) &&
    Array.isArray(value.alerts) &&
    value.alerts.every(isSummaryLine)
  );
}

function isSummary(value: unknown): value is PersonSummary {
  return (
    isRecord(value) &&
    isLines(value.problems) &&
    isLines(value.medications) &&
    isLines(value.allergies) &&
    isLines(value.services) &&
    isLines(value.carers) &&
    (value.frailty === null || isSummaryLine(value.frailty))
  );
}

function isIdentity(value: unknown): value is Identity {
  return isRecord(value) && isSourceRef(value.source) && typeof value.localId === 'string' && typeof value.linkedBy === 'string';
}

export function isPerson(value: unknown): value is Person {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    isHeader(value.header) &&
    isSummary(value.summary) &&
    Array.isArray(value.identities) &&
    value.identities.every(isIdentity)
  );
}

function isTimelineEntry(value: unknown): value is TimelineEntry {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.date === 'string' &&
    typeof value.kind === 'string' &&
    typeof value.kindLabel === 'string' &&
    typeof value.title === 'string' &&
    isRecord(value.detail) &&
    isSourceRef(value.source)
  );
}

function isCount(value: unknown, key: 'kind' | 'id'): boolean {
  return isRecord(value) && typeof value[key] === 'string' && typeof value.count === 'number';
}

export function isTimeline(value: unknown): value is Timeline {
  return (
    isRecord(value) &&
    Array.isArray(value.entries) &&
    value.entries.every(isTimelineEntry) &&
    Array.isArray(value.kinds) &&
    value.kinds.every((kind) => isCount(kind, 'kind')) &&
    Array.isArray(value.sources) &&
    value.sources.every((source) => isCount(source, 'id')) &&
    isStringOrNull(value.next)
  );
}
