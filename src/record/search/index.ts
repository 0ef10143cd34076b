/** FHIR search over the record: the parameters, the index each stored resource gets, and the queries over it. */
export { extractIndex } from './extract.js';
export { type IndexEntry, type PendingIndexEntry, searchIndexDeletes, searchIndexInserts, searchIndexPersonUpdates } from './index-store.js';
export { fhirSearchTypes, searchParameter, searchParameters, type SearchParameterDef } from './parameters.js';
export { parseSearch, includeIterationLimit } from './query.js';
export { searchConditionsSql, sortKeysSql } from './sql.js';
export type { IncludeRequest, ParsedSearch, SearchOptions, SearchProblem, SearchProblems, SortKey, SummaryMode, TotalMode } from './parsed-search.js';
