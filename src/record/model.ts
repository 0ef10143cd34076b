/**
 * What the shared care record holds, whatever the source: every record as received (its payload) and
 * in one normalised form that the person index, the timeline and the summary read. Importers turn
 * each source format (FHIR R4, Client Level Data CSV, the hospital and community CSVs) into these.
 */

/** Kinds of timeline entry, across every source. */
export const entryKinds = {
  'gp-contact': 'GP contact',
  'ae-attendance': 'A&E attendance',
  admission: 'Hospital admission',
  outpatient: 'Outpatient appointment',
  'community-visit': 'Community visit',
  'care-request': 'Social care request',
  'care-assessment': 'Social care assessment',
  'care-service': 'Social care service',
  'care-review': 'Social care review',
  condition: 'Condition',
  medication: 'Medication',
  allergy: 'Allergy',
  observation: 'Observation',
  procedure: 'Procedure',
  'care-plan': 'Care plan',
  alert: 'Alert',
  other: 'Other',
} as const;

export type EntryKind = keyof typeof entryKinds;

export type Sex = 'female' | 'male' | 'other' | 'unknown';

/** The demographics one source holds for one person (all optional: sources hold what they hold). */
export interface IdentityFacts {
  /** Ten digits, spaces removed (validity is the person index's business, not the importer's). */
  nhsNumber?: string;
  family?: string;
  given?: string[];
  /** YYYY-MM-DD. */
  birthDate?: string;
  sex?: Sex;
  addressLine?: string;
  town?: string;
  postcode?: string;
  phone?: string;
  /** YYYY-MM-DD or a FHIR dateTime. */
  deceased?: string;
  /** ODS code of the registered GP practice. */
  practice?: string;
}

/** A line in the person's summary. */
export interface SummaryFacet {
  section: 'problem' | 'medication' | 'allergy' | 'service' | 'carer' | 'alert' | 'frailty';
  text: string;
  /** Code and system when coded (e.g. SNOMED CT). */
  code?: string;
  system?: string;
  /** Date it started or was recorded. */
  since?: string;
  /** Whether it is current (an active problem, an open service, a medication not ended). */
  active: boolean;
}

/** A timeline entry. */
export interface TimelineFacet {
  kind: EntryKind;
  /** YYYY-MM-DD or an ISO dateTime: when it happened (or began). */
  date: string;
  endDate?: string;
  /** One line a person reads, e.g. "Emergency admission: J18.9 Pneumonia, 6 days, pathway 1". */
  title: string;
  /** Further facts as label → value, shown when the entry is opened. */
  detail?: Record<string, string>;
}

/** One record from a source, ready to store. */
export interface NormalisedRecord {
  /** FHIR resource type, or the record type of a CSV source (e.g. "HospitalSpell", "CldEvent"). */
  resourceType: string;
  /** The source's own id for this record, unique within the source and resource type. */
  sourceKey: string;
  /** The source's own id of the person this record is about (absent for identities and for records about no one). */
  subjectKey?: string;
  /** Present when the record describes a person (a Patient, a patients.csv row, a council person). */
  identity?: IdentityFacts;
  timeline?: TimelineFacet;
  summary?: SummaryFacet;
  /** The record exactly as received (a JSON resource, or a CSV row as column → text). */
  payload: unknown;
  /**
   * The record in the FHIR view: the resource as the FHIR API serves it (its logical id, references
   * as logical ids; the store adds meta). Absent for a record that has no FHIR form.
   */
  fhir?: FhirForm;
  /** The identity and person the record is about, when the caller has already found them (FHIR API writes). */
  subject?: { identityId: number; personId: number };
}

/** A record's FHIR form: its type, logical id and resource (without meta). */
export interface FhirForm {
  type: string;
  id: string;
  resource: { resourceType: string; id: string } & Record<string, unknown>;
}

/** Where in the input something was found. */
export interface Location {
  file?: string;
  /** 1-based line of a CSV or NDJSON file. */
  line?: number;
  /** 0-based index of an entry in a Bundle. */
  entry?: number;
  /** Column, or FHIRPath-like element path, e.g. "Patient.birthDate". */
  field?: string;
}

/** Something the importer could not take as it was: rejected, or taken with a warning. */
export interface DataQualityIssue {
  location: Location;
  /** Stable code, e.g. "invalid-json", "unresolved-reference", "invalid-nhs-number", "impossible-date", "unknown-code", "missing-column", "empty-file", "wrong-kind". */
  code: string;
  message: string;
  /** Whether the record was rejected (true) or kept with the problem noted (false). */
  rejected: boolean;
}

/** What mapping one unit of input (a Bundle, a resource, a CSV row) produced. */
export interface MapResult {
  records: NormalisedRecord[];
  issues: DataQualityIssue[];
}
