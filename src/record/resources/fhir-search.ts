/**
 * A parsed FHIR search as a plan the executor runs: its conditions and sort keys in SQL over the
 * search index (see ../search/), the types of the sort keys for keyset paging.
 */
import type { ParsedSearch, SortKey as ParsedSortKey } from '../search/index.js';
import { searchConditionsSql, sortKeysSql } from '../search/index.js';
import type { SearchPlan, SortKey } from './search.js';

const sqlTypes: Readonly<Record<ParsedSortKey['type'], SortKey['type']>> = {
  string: 'text', token: 'text', uri: 'text', reference: 'text', date: 'timestamptz', number: 'numeric', quantity: 'numeric',
};

export function searchPlan(parsed: ParsedSearch): SearchPlan {
  const keys = sortKeysSql(parsed, 'r');
  return {
    type: parsed.resourceType,
    where: (params) => searchConditionsSql(parsed, 'r', params),
    sort: parsed.sort.map((key, i) => ({
      sql: keys[i]?.sql ?? 'NULL',
      type: key.param === '_id' ? 'text' : key.param === '_lastUpdated' ? 'timestamptz' : sqlTypes[key.type],
      direction: key.descending ? 'desc' : 'asc',
    })),
  };
}
