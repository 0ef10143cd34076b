// Calls to the analytics API, for commissioners and analysts.
import { isPopulation, isPseudonymisedPage, type Population, type PseudonymisedPerson } from './analytics.js';
import { ApiError, getJson } from './api.js';

/** The population by practice, age band and sex, under disclosure control. */
export async function fetchPopulation(signal?: AbortSignal): Promise<Population> {
  const body = await getJson('/api/analytics/population', signal);
  if (!isPopulation(body)) throw new ApiError('The server sent the population table in a form this page does not understand.', 200);
  return body;
}

/** Rows asked for a page at a time (the most the API sends at once). */
export const pseudonymisedPageSize = 5000;

/** Every pseudonymised row, page after page; `onPage` hears how many have come so far. */
export async function fetchAllPseudonymised(onPage: (rows: number) => void, signal?: AbortSignal): Promise<PseudonymisedPerson[]> {
  const people: PseudonymisedPerson[] = [];
  let after: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(pseudonymisedPageSize) });
    if (after !== null) query.set('after', after);
    const body = await getJson(`/api/analytics/people?${query.toString()}`, signal);
    if (!isPseudonymisedPage(body)) throw new ApiError('The server sent the pseudonymised rows in a form this page does not understand.', 200);
    people.push(...body.people);
    onPage(people.length);
    after = body.next;
  } while (after !== null);
  return people;
}
