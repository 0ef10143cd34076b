/** Reading the hospital, community and council CSV files, and councils' Client Level Data returns. */
export { cldLists, cldValueKey, type CldList, type CldListColumn } from './cld-values.js';
export { columnKey, type CsvRow } from './columns.js';
export { parseDate } from './dates.js';
export {
  csvKindCandidates, csvKinds, csvKindSpecs, detectCsvKind, headerIssues, missingColumns,
  type CsvKind, type CsvKindSpec,
} from './kinds.js';
export { mapCsvRow } from './rows.js';
export type { RowPlace } from './row-context.js';
