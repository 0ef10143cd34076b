/** Reading the few parameters the FHIR layer itself interprets (search parameters are the record's). */
import { fhirError } from './outcome.js';

/** `_count`: a page size from 1 to max (0 is allowed where only the total is wanted), else the default. */
export function pageSize(query: readonly [string, string][], fallback: number, max: number, allowZero = false): number {
  const given = query.find(([name]) => name === '_count')?.[1];
  if (given === undefined) return fallback;
  const n = Number(given);
  if (!/^\d{1,9}$/.test(given) || (n === 0 && !allowZero)) throw fhirError(400, 'invalid', `_count must be a whole number from ${allowZero ? 0 : 1} to ${max}, not "${given}".`, '_count');
  return Math.min(n, max);
}

/** An instant (FHIR instant, or a date), as ISO text the database reads; 400 naming the parameter otherwise. */
export function parseInstant(value: string, name: string): string {
  const instant = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?$/;
  if (!instant.test(value) || Number.isNaN(Date.parse(value))) throw fhirError(400, 'invalid', `${name} must be an instant such as 2024-05-01T09:30:00Z, not "${value}".`, name);
  return value;
}
