/** The shared care record: every source's records with provenance, importers, one person's story. */
import { fileURLToPath } from 'node:url';
import type { Capability } from '../platform/index.js';

export const recordCapability: Capability = {
  name: 'record',
  schema: 'record',
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
};

export { importFile, importKinds, type ImportCounts, type ImportKind, type ImportOptions, type ImportSummary } from './import.js';
export { personStory, personTimeline, listImports, importReport, type PersonStory, type Timeline, type TimelineEntry, type ImportRun } from './story.js';
export { recordErrors, recordError, type RecordErrorCode } from './errors.js';
export { recordRoutes } from './routes.js';
export { entryKinds, type EntryKind, type NormalisedRecord, type DataQualityIssue } from './model.js';
