import type { TimelineFilter } from './record-api.js';

/** The values of one filter parameter: comma-separated, repeated or both, blanks and repeats dropped. */
function valuesOf(params: URLSearchParams, name: string): string[] {
  const values = params.getAll(name).flatMap((value) => value.split(','));
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
}

/** The timeline filter in a page address's query (`?source=gp,hospital&kind=admission`). */
export function parseTimelineFilter(search: string): TimelineFilter {
  const params = new URLSearchParams(search);
  return { sources: valuesOf(params, 'source'), kinds: valuesOf(params, 'kind') };
}

/** The query ("" or "?source=…&kind=…") that puts a filter in the page address, so it can be bookmarked. */
export function timelineFilterQuery(filter: TimelineFilter): string {
  const parts: string[] = [];
  if (filter.sources.length > 0) parts.push(`source=${filter.sources.map(encodeURIComponent).join(',')}`);
  if (filter.kinds.length > 0) parts.push(`kind=${filter.kinds.map(encodeURIComponent).join(',')}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** The list with the value added (when `on`) or removed, keeping the order values were chosen in. */
export function toggled(values: readonly string[], value: string, on: boolean): string[] {
  const without = values.filter((v) => v !== value);
  return on ? [...without, value] : without;
}

