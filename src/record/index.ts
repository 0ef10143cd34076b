/** The shared care record: every source's records with provenance, importers, one person's story. */
import { fileURLToPath } from 'node:url';
import type { Capability } from '../platform/index.js';
import { recordErrors } from './errors.js';

export const recordCapability: Capability = {
  name: 'record',
  schema: 'record',
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
  errors: recordErrors,
};

export { importFile, importKinds, refreshStatistics, type ImportCounts, type ImportKind, type ImportOptions, type ImportSummary } from './import.js';
export { personStory, personTimeline, listImports, importReport, type PersonStory, type Timeline, type TimelineEntry, type ImportRun } from './story.js';
export { recordErrors, recordError, type RecordErrorCode } from './errors.js';
export { recordRoutes } from './routes.js';
export { moveRecordsOfIdentities } from './store.js';
export { entryKinds, type EntryKind, type NormalisedRecord, type DataQualityIssue } from './model.js';
export { fhirIdFor, isFhirId } from './fhir-ids.js';
export { applyChanges, ChangeError, type ChangeOutcome, type ResourceChange } from './resources/write.js';
export {
  personOfPatient, personRecords, readResource, readResources, recordInScope, resourceHistory,
  type EverythingCursor, type HistoryCursor, type StoredResource,
} from './resources/read.js';
export { CursorError, includedResources, runSearch, type Inclusion, type Match, type SearchPage, type SearchPlan, type SortKey } from './resources/search.js';
export { extractIndex, fhirSearchTypes, searchParameter, searchParameters, type SearchParameterDef } from './search/index.js';
export { countMatches } from './resources/search.js';
export { searchPlan } from './resources/fhir-search.js';
export { includeIterationLimit, parseSearch, type ParsedSearch, type SearchProblem } from './search/index.js';
