// Calls to the shared care record's API: finding people, a person's record and timeline, imports.
import { ApiError, getJson } from './api.js';
import { type ImportIssuesPage, type ImportRun, isImportIssuesPage, isImportList } from './imports.js';
import { isPeopleSearch, isPerson, isTimeline, type PeopleSearch, type Person, type Timeline } from './person.js';

/** How many people one search shows: enough to spot the right one, few enough to read. */
export const searchLimit = 20;

/** Timeline entries fetched at a time. */
export const timelinePageSize = 100;

/** Data-quality issues shown on one page of an import's report. */
export const issuesPageSize = 100;

function unexpected(what: string): ApiError {
  return new ApiError(`The server sent ${what} in a form this page does not understand.`, 200);
}

async function getChecked<T>(path: string, check: (body: unknown) => body is T, what: string, signal?: AbortSignal): Promise<T> {
  const body = await getJson(path, signal);
  if (!check(body)) throw unexpected(what);
  return body;
}

/** People whose name (allowing for typing slips), NHS number, date of birth or postcode match `q`. */
export function searchPeople(q: string, signal?: AbortSignal): Promise<PeopleSearch> {
  const query = new URLSearchParams({ q, limit: String(searchLimit) });
  return getChecked(`/api/people?${query.toString()}`, isPeopleSearch, 'search results', signal);
}

/** One person's header, summary and the records each source holds of them. */
export function fetchPerson(id: string, signal?: AbortSignal): Promise<Person> {
  return getChecked(`/api/people/${encodeURIComponent(id)}`, isPerson, 'the person’s record', signal);
}

/** What the timeline is narrowed to: source ids and entry kinds, none meaning all. */
export interface TimelineFilter {
  sources: readonly string[];
  kinds: readonly string[];
}

/** A page of the person's timeline, newest first; `before` is the `next` cursor of the page before. */
export function fetchTimeline(id: string, filter: TimelineFilter, before: string | null, signal?: AbortSignal): Promise<Timeline> {
  const query = new URLSearchParams();
  if (filter.sources.length > 0) query.set('source', filter.sources.join(','));
  if (filter.kinds.length > 0) query.set('kind', filter.kinds.join(','));
  if (before !== null) query.set('before', before);
  query.set('limit', String(timelinePageSize));
  return getChecked(`/api/people/${encodeURIComponent(id)}/timeline?${query.toString()}`, isTimeline, 'the timeline', signal);
}

/** Every import, newest first as the server lists them. */
export async function fetchImports(signal?: AbortSignal): Promise<ImportRun[]> {
  const body = await getChecked('/api/imports', isImportList, 'the list of imports', signal);
  return body.imports;
}

/** A page of an import's data-quality issues. */
export function fetchImportIssues(id: string, offset: number, signal?: AbortSignal): Promise<ImportIssuesPage> {
  const query = new URLSearchParams({ limit: String(issuesPageSize), offset: String(offset) });
  return getChecked(`/api/imports/${encodeURIComponent(id)}/issues?${query.toString()}`, isImportIssuesPage, 'the data-quality report', signal);
}
