import type { DataQualityIssue, Location, MapResult } from '../model.js';
import { type FhirResource, isObject, isResource, str } from './fhir-json.js';
import { ReferenceIndex, checkReferences, resolveSubject, sourceKeyOf } from './references.js';
import { servedForm } from './served-form.js';
import { type ResourceContext, mapResourceInto } from './resources.js';

/** Where a document came from: its file, and its line in an NDJSON file. */
export interface DocumentSource {
  file?: string;
  line?: number;
}

export interface MapOptions {
  /** YYYY-MM-DD, for deciding whether a medication has ended (see ResourceContext.today). */
  today?: string;
  /** The source system sending the document: when given, each record carries its FHIR form (logical ids of that source). */
  sourceId?: string;
}

/**
 * Maps one parsed FHIR R4 JSON document, a Bundle of any type or a single resource, to records.
 * References are resolved within the document; every entry gives a record or an issue saying why
 * not (FHIR R4 Bundle, http://hl7.org/fhir/R4/bundle.html).
 */
export function mapFhirDocument(document: unknown, where: DocumentSource, options: MapOptions = {}): MapResult {
  const out: MapResult = { records: [], issues: [] };
  const location: Location = {};
  if (where.file !== undefined) location.file = where.file;
  if (where.line !== undefined) location.line = where.line;
  if (!isResource(document)) {
    out.issues.push(issue(location, 'wrong-kind', 'Expected a FHIR resource: a JSON object with a resourceType'));
    return out;
  }
  if (document.resourceType === 'Bundle') mapBundle(document, location, options, out);
  else mapOne(document, sourceKeyOf(document, undefined), noEntries, location, options, out);
  return out;
}

/** The index of a document that is a single resource: nothing but Type/id references resolve. */
const noEntries = new ReferenceIndex();

function mapBundle(bundle: FhirResource, location: Location, options: MapOptions, out: MapResult): void {
  const entries = bundle.entry;
  if (entries === undefined) return;
  if (!Array.isArray(entries)) {
    out.issues.push(issue({ ...location, field: 'Bundle.entry' }, 'wrong-kind', 'Bundle.entry is not an array'));
    return;
  }
  const index = new ReferenceIndex();
  const keys: (string | undefined)[] = new Array<string | undefined>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!isObject(entry) || !isResource(entry.resource)) continue;
    const fullUrl = str(entry, 'fullUrl');
    const key = sourceKeyOf(entry.resource, fullUrl);
    keys[i] = key;
    const before = index.add(entry.resource, key, fullUrl);
    if (before !== undefined && before.resource !== entry.resource) {
      out.issues.push(
        issue(
          { ...location, entry: i, field: 'Bundle.entry.resource.id' },
          'duplicate-key',
          `Another entry of this Bundle is also ${entry.resource.resourceType} "${key}"; both are kept, and the later one is stored last`,
          false,
        ),
      );
    }
  }
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    const at: Location = { ...location, entry: i };
    if (!isObject(entry)) {
      out.issues.push(issue({ ...at, field: 'Bundle.entry' }, 'wrong-kind', 'A Bundle entry is not a JSON object'));
      continue;
    }
    const resource = entry.resource;
    const key = keys[i];
    if (resource === undefined) {
      const method = str(isObject(entry.request) ? entry.request : undefined, 'method');
      const what = method === undefined ? 'an entry with no resource' : `a ${method} request with no resource`;
      out.issues.push(issue({ ...at, field: 'Bundle.entry.resource' }, 'unsupported-entry', `Not imported: ${what} (only resources are taken)`));
      continue;
    }
    if (!isResource(resource) || key === undefined) {
      out.issues.push(issue({ ...at, field: 'Bundle.entry.resource' }, 'wrong-kind', 'Bundle.entry.resource is not a FHIR resource (a JSON object with a resourceType)'));
      continue;
    }
    mapOne(resource, key, index, at, options, out);
  }
}

function mapOne(resource: FhirResource, sourceKey: string, index: ReferenceIndex, location: Location, options: MapOptions, out: MapResult): void {
  // A Bundle inside a Bundle (a batch-response's searchsets) is stored as it is; its references are its own.
  if (resource.resourceType !== 'Bundle') checkReferences(resource, index, location, out.issues);
  const context: ResourceContext = { sourceKey, location, find: index.find };
  if (resource.resourceType !== 'Patient') {
    const subjectKey = resolveSubject(resource, index, location, out.issues);
    if (subjectKey !== undefined) context.subjectKey = subjectKey;
  }
  if (options.today !== undefined) context.today = options.today;
  const before = out.records.length;
  mapResourceInto(resource, context, out);
  const record = out.records[before];
  if (record !== undefined && options.sourceId !== undefined) record.fhir = servedForm(resource, sourceKey, index, options.sourceId);
}

function issue(location: Location, code: string, message: string, rejected = true): DataQualityIssue {
  return { location, code, message, rejected };
}
