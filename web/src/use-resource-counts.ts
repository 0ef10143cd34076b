import { useEffect, useState } from 'react';
import { fetchResourceCount } from './fhir-api.js';

export type CountState = { status: 'counting' } | { status: 'counted'; total: number } | { status: 'failed' };

/**
 * How many resources of each type the FHIR API holds, asked for all at once so the table fills in
 * as the answers come; a type still being counted is absent or "counting".
 */
export function useResourceCounts(types: readonly string[]): ReadonlyMap<string, CountState> {
  const [counts, setCounts] = useState<ReadonlyMap<string, CountState>>(new Map());
  const key = types.join(',');
  useEffect(() => {
    const controller = new AbortController();
    const wanted = key === '' ? [] : key.split(',');
    setCounts(new Map(wanted.map((type) => [type, { status: 'counting' }])));
    const settle = (type: string, state: CountState): void => {
      if (controller.signal.aborted) return;
      setCounts((previous) => new Map(previous).set(type, state));
    };
    for (const type of wanted) {
      fetchResourceCount(type, controller.signal).then(
        (total) => {
          settle(type, { status: 'counted', total });
        },
        () => {
          settle(type, { status: 'failed' });
        },
      );
    }
    return () => {
      controller.abort();
    };
  }, [key]);
  return counts;
}
