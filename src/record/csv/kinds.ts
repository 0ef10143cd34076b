/**
 * The CSV files we import and how to recognise each from its header: the synthetic locality's source
 * files (docs/formats/hospital.md, community.md, council-cld.md) and councils' Client Level Data
 * returns (DOMAIN.md §3.3), whose column names may be spelled NHS England's way.
 */
import type { DataQualityIssue } from '../model.js';
import { columnKey } from './columns.js';

/** The kinds of CSV file we accept, each with how a message names it. */
export const csvKinds = {
  'hospital-patients': 'hospital patients',
  'hospital-spells': 'hospital spells',
  'hospital-ae': 'A&E attendances',
  'hospital-outpatients': 'outpatient appointments',
  'community-patients': 'community patients',
  'community-contacts': 'community contacts',
  'council-people': 'council people',
  cld: 'Client Level Data',
} as const;

export type CsvKind = keyof typeof csvKinds;

const kindList = Object.keys(csvKinds) as CsvKind[];

/** What a kind of file must hold, may hold, and which columns tell it apart from the others. */
export interface CsvKindSpec {
  /** The file as the synthetic locality names it. */
  readonly file: string;
  /** `resourceType` of the records its rows become. */
  readonly resourceType: string;
  /** Columns without which the file cannot be read. */
  readonly required: readonly string[];
  /** Columns read when present. */
  readonly optional: readonly string[];
  /** Columns that, all present, say a header is of this kind. */
  readonly signature: readonly string[];
}

const identityRequired = ['nhs_number', 'surname', 'forename', 'date_of_birth', 'sex'] as const;
const identityOptional = ['middle_name', 'address_line1', 'town', 'postcode', 'phone', 'date_of_death'] as const;

/** Every CLD column we read; the names are those of council/cld.csv (docs/formats/council-cld.md). */
export const cldColumns = {
  required: [
    'LA_Code', 'LA_Person_Unique_Identifier', 'NHS_Number', 'Gender', 'Date_of_Birth', 'Client_Type',
    'Event_Type', 'Event_Reference', 'Event_Start_Date', 'Event_End_Date', 'Event_Outcome',
    'Request_Route_of_Access', 'Service_Type', 'Service_Component', 'Delivery_Mechanism',
  ],
  optional: [
    'LA_Name', 'Reporting_Period_Start_Date', 'Reporting_Period_End_Date', 'Ethnicity', 'Date_of_Death',
    'Primary_Support_Reason', 'Has_Unpaid_Carer', 'Accommodation_Status', 'Employment_Status',
    'Assessment_Type', 'Eligible_Needs_Identified', 'Informal_Carer_Involved_In_Assessment',
    'Review_Reason', 'Unit_Cost', 'Cost_Frequency_Unit_Type', 'Planned_Units_Per_Week', 'Provider_Code',
    'Cared_For_Person',
  ],
} as const;

export const csvKindSpecs: Readonly<Record<CsvKind, CsvKindSpec>> = {
  'hospital-patients': {
    file: 'hospital/patients.csv', resourceType: 'PasPatient',
    required: ['local_id', ...identityRequired], optional: identityOptional,
    signature: ['local_id', 'nhs_number', 'date_of_birth'],
  },
  'hospital-spells': {
    file: 'hospital/spells.csv', resourceType: 'HospitalSpell',
    required: ['spell_id', 'local_id', 'admission_method', 'admission_date', 'discharge_date', 'primary_diagnosis'],
    optional: [
      'site', 'discharge_ready_date', 'secondary_diagnoses', 'specialty', 'discharge_pathway', 'delay_reason',
      'discharge_destination',
    ],
    signature: ['spell_id', 'admission_date'],
  },
  'hospital-ae': {
    file: 'hospital/ae-attendances.csv', resourceType: 'AeAttendance',
    required: ['attendance_id', 'local_id', 'arrival_date'], optional: ['diagnosis', 'admitted'],
    signature: ['attendance_id', 'arrival_date'],
  },
  'hospital-outpatients': {
    file: 'hospital/outpatients.csv', resourceType: 'OutpatientAppointment',
    required: ['appointment_id', 'local_id', 'date', 'attended'], optional: ['specialty'],
    signature: ['appointment_id', 'date'],
  },
  'community-patients': {
    file: 'community/patients.csv', resourceType: 'CommunityPatient',
    required: ['local_id', ...identityRequired], optional: identityOptional,
    signature: ['local_id', 'nhs_number', 'date_of_birth'],
  },
  'community-contacts': {
    file: 'community/contacts.csv', resourceType: 'CommunityContact',
    required: ['contact_id', 'local_id', 'date'], optional: ['service', 'setting'],
    signature: ['contact_id', 'date'],
  },
  'council-people': {
    file: 'council/people.csv', resourceType: 'CouncilPerson',
    required: ['la_person_id', ...identityRequired], optional: identityOptional,
    signature: ['la_person_id', 'nhs_number', 'date_of_birth'],
  },
  cld: {
    file: 'council/cld.csv', resourceType: 'CldEvent',
    required: cldColumns.required, optional: cldColumns.optional,
    signature: ['LA_Person_Unique_Identifier', 'Event_Type', 'Event_Start_Date'],
  },
};

const signatures = kindList.map((kind) => ({ kind, keys: csvKindSpecs[kind].signature.map(columnKey) }));
const requiredKeys = new Map(kindList.map((kind) => [kind, csvKindSpecs[kind].required.map((c) => [c, columnKey(c)] as const)]));
const communityFile = /community[^\\/]*(?:[\\/][^\\/]*)?$/i;

/** Every kind whose signature columns the header holds. Hospital and community patients share one. */
export function csvKindCandidates(header: readonly string[]): CsvKind[] {
  const present = new Set(header.map(columnKey));
  return signatures.filter((s) => s.keys.every((k) => present.has(k))).map((s) => s.kind);
}

/**
 * The kind of file a header belongs to, or undefined when it fits none or several. The hospital's and
 * the community provider's patients files have the same columns: a path whose file name or folder
 * says "community" makes it the community provider's, and otherwise it is taken as the hospital's
 * (declare the kind to be sure).
 */
export function detectCsvKind(header: readonly string[], file?: string): CsvKind | undefined {
  const kinds = csvKindCandidates(header);
  if (kinds.length === 2 && kinds.includes('hospital-patients') && kinds.includes('community-patients')) {
    return file !== undefined && communityFile.test(file) ? 'community-patients' : 'hospital-patients';
  }
  return kinds.length === 1 ? kinds[0] : undefined;
}

/** The required columns of a kind that the header lacks, by their canonical names. */
export function missingColumns(kind: CsvKind, header: readonly string[]): string[] {
  const present = new Set(header.map(columnKey));
  return (requiredKeys.get(kind) ?? []).filter(([, key]) => !present.has(key)).map(([column]) => column);
}

/**
 * Whether a file of the declared kind can be read with this header: "empty-file" for no header,
 * "wrong-kind" when it is the header of another kind, "missing-column" for each required column
 * absent, and "duplicate-column" for a name given twice (a row keeps only one of the two values).
 * Every issue rejects the file.
 */
export function headerIssues(kind: CsvKind, header: readonly string[], file?: string): DataQualityIssue[] {
  const at = (field?: string) => ({ ...(file === undefined ? {} : { file }), line: 1, ...(field === undefined ? {} : { field }) });
  if (header.length === 0 || header.every((name) => name.trim() === '')) {
    return [{ location: at(), code: 'empty-file', message: 'The file has no header line.', rejected: true }];
  }
  const missing = missingColumns(kind, header);
  const detected = detectCsvKind(header, file);
  if (missing.length > 0 && detected !== undefined && detected !== kind) {
    return [{
      location: at(), code: 'wrong-kind', rejected: true,
      message: `The header is that of ${csvKinds[detected]} (like ${csvKindSpecs[detected].file}), not of ${csvKinds[kind]}.`,
    }];
  }
  const issues: DataQualityIssue[] = missing.map((column) => ({
    location: at(column), code: 'missing-column', rejected: true,
    message: `The ${column} column is missing: a file of ${csvKinds[kind]} must have it.`,
  }));
  const seen = new Map<string, string>();
  for (const name of header) {
    const key = columnKey(name);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, name);
    else issues.push({ location: at(name), code: 'duplicate-column', rejected: true, message: `The columns "${first}" and "${name}" are the same column.` });
  }
  return issues;
}
