// Imports of source files and what they could not take, as the imports API returns them.
import { isRecord, isSourceRef, type SourceRef } from './person.js';

export type ImportStatus = 'running' | 'done' | 'failed';

/** What one import did with the records it read. */
export interface ImportCounts {
  read: number;
  stored: number;
  unchanged: number;
  versioned: number;
  rejected: number;
  issues: number;
}

/** One import of one file from one source. */
export interface ImportRun {
  id: string;
  source: SourceRef;
  file: string;
  /** What the file was taken to be, e.g. "fhir-bundles" or "hospital-spells". */
  kind: string;
  status: ImportStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: ImportCounts;
}

/** Where in the file a problem was found; any part may be unknown. */
export interface IssueLocation {
  file: string | null;
  /** 1-based line of a CSV or NDJSON file. */
  line: number | null;
  /** 0-based entry of a Bundle. */
  entry: number | null;
  /** Column, or element path such as "Patient.birthDate". */
  field: string | null;
}

/** A data-quality issue: something an import could not take as it was. */
export interface ImportIssue {
  location: IssueLocation;
  code: string;
  message: string;
  /** True when the record was rejected, false when it was kept with the problem noted. */
  rejected: boolean;
}

/** A page of an import's issues, and how many there are in all. */
export interface ImportIssuesPage {
  issues: ImportIssue[];
  total: number;
}

const countNames = ['read', 'stored', 'unchanged', 'versioned', 'rejected', 'issues'] as const;

function isCounts(value: unknown): value is ImportCounts {
  return isRecord(value) && countNames.every((name) => typeof value[name] === 'number');
}

function isImportRun(value: unknown): value is ImportRun {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    isSourceRef(value.source) &&
    typeof value.status === 'string' &&
    typeof value.startedAt === 'string' &&
    isCounts(value.counts)
  );
}

export function isImportList(value: unknown): value is { imports: ImportRun[] } {
  return isRecord(value) && Array.isArray(value.imports) && value.imports.every(isImportRun);
}

function isIssue(value: unknown): value is ImportIssue {
  return (
    isRecord(value) &&
    isRecord(value.location) &&
    typeof value.code === 'string' &&
    typeof value.message === 'string' &&
    typeof value.rejected === 'boolean'
  );
}

export function isImportIssuesPage(value: unknown): value is ImportIssuesPage {
  return isRecord(value) && Array.isArray(value.issues) && value.issues.every(isIssue) && typeof value.total === 'number';
}
