import type { DataQualityIssue, EntryKind, Location, NormalisedRecord, TimelineFacet } from '../model.js';
import { isFhirDateTime } from './fhir-date.js';
import type { FhirResource, JsonObject } from './fhir-json.js';

/** What a resource is mapped with: its keys, where it was found, and the rest of the input. */
export interface ResourceContext {
  /** The resource's source key (see sourceKeyOf). */
  sourceKey: string;
  /** Source key of the Patient it is about, already resolved. */
  subjectKey?: string;
  /** Where it was found (file, line, Bundle entry); issues add the field. */
  location: Location;
  /** YYYY-MM-DD: a medication whose end date is before it is not current. Without it the status alone decides. */
  today?: string;
  /** Another resource of the same input, by reference (a Medication named by a MedicationRequest). */
  find?: (reference: string) => FhirResource | undefined;
}

/** One resource being mapped: the record so far, and whether something found rejects it. */
export interface Draft {
  readonly resource: FhirResource;
  readonly context: ResourceContext;
  /** Where issues go (shared with the rest of the input). */
  readonly issues: DataQualityIssue[];
  readonly record: NormalisedRecord;
  rejected: boolean;
}

/**
 * The date or dateTime at owner[key], or undefined when absent. A value that is not a real FHIR
 * date rejects the record with an "impossible-date" issue naming the element (prefix.key).
 */
export function dateAt(draft: Draft, owner: JsonObject | undefined, key: string, prefix?: string, dateOnly = false): string | undefined {
  const value = owner?.[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && isFhirDateTime(value) && !(dateOnly && value.length > 10)) return value;
  const field = `${draft.resource.resourceType}.${prefix === undefined ? key : `${prefix}.${key}`}`;
  draft.rejected = true;
  draft.issues.push({
    location: { ...draft.context.location, field },
    code: 'impossible-date',
    message: `${field} is ${JSON.stringify(value)}, which is not a real FHIR ${dateOnly ? 'date' : 'date or dateTime'}`,
    rejected: true,
  });
  return undefined;
}

/**
 * Puts the record on the timeline. Without a date it cannot be placed: the record is kept and a
 * "missing-date" issue says why it is not on the timeline.
 */
export function placeOnTimeline(
  draft: Draft,
  kind: EntryKind,
  date: string | undefined,
  title: string,
  dateField: string,
  endDate?: string,
  detail?: Record<string, string>,
): void {
  if (draft.rejected) return;
  if (date === undefined) {
    const field = `${draft.resource.resourceType}.${dateField}`;
    draft.issues.push({
      location: { ...draft.context.location, field },
      code: 'missing-date',
      message: `${field} and the other dates that could place it are absent: the record is kept but not shown on the timeline`,
      rejected: false,
    });
    return;
  }
  const facet: TimelineFacet = { kind, date, title };
  if (endDate !== undefined) facet.endDate = endDate;
  if (detail !== undefined) facet.detail = detail;
  draft.record.timeline = facet;
}
