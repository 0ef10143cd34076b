/**
 * The CSV files of a synthetic locality and one line formatter for each. Every format pairs a file's
 * path and header with the function that writes one of its rows, so a writer puts `csvHeader(format)`
 * first and then appends `format.line(...)` for each row. The files and their columns are documented
 * in docs/formats/; a change here changes those documents.
 */
import { csvLine, type CsvFile } from './csv.js';
import type {
  AddressSpell, AeAttendance, CareEvent, CaringRole, CommunityContact, History, HospitalSpell,
  OutpatientAppointment, Person, RiskYear, SourceIdentity,
} from './model.js';

/** A CSV file together with the formatter of its rows. */
export interface CsvFormat<Args extends readonly unknown[]> extends CsvFile {
  /** One row as a CSV line ending in "\n", with exactly `header.length` fields. */
  readonly line: (...args: Args) => string;
}

function format<Args extends readonly unknown[]>(
  path: string, header: readonly string[], line: (...args: Args) => string,
): CsvFormat<Args> {
  return { path, header, line };
}

/** "yes" or "no": how every flag is written in the output. */
export function yesNo(flag: boolean): 'yes' | 'no' {
  return flag ? 'yes' : 'no';
}

/**
 * Pounds with two decimals from integer pence, by integer arithmetic only (12345 → "123.45",
 * 5 → "0.05"), so no amount is ever rounded through floating point.
 */
export function poundsFromPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Pence must be a whole number, not ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const rest = abs % 100;
  return `${sign}${(abs - rest) / 100}.${rest < 10 ? '0' : ''}${rest}`;
}

/** Several codes in one field, separated by "|" (codes never contain one). */
function pipe(values: readonly string[]): string {
  return values.join('|');
}

// ---- Source systems: the acute trust, the community provider, the council -------------------------

const identityColumns = [
  'nhs_number', 'surname', 'forename', 'middle_name', 'date_of_birth', 'sex', 'address_line1', 'town',
  'postcode', 'phone', 'date_of_death',
] as const;

/** A source's copy of a person, exactly as the source holds it. */
function identityLine(id: SourceIdentity): string {
  return csvLine([
    id.localId, id.nhsNumber, id.surname, id.forename, id.middleName, id.dateOfBirth, id.sex, id.line1,
    id.town, id.postcode, id.phone, id.dateOfDeath,
  ]);
}

/** The acute trust's patient administration system master index: one row per hospital number. */
export const hospitalPatients = format<[identity: SourceIdentity]>(
  'hospital/patients.csv', ['local_id', ...identityColumns], identityLine,
);

export const hospitalSpells = format<[localId: string, spell: HospitalSpell]>(
  'hospital/spells.csv',
  [
    'spell_id', 'local_id', 'site', 'admission_method', 'admission_date', 'discharge_ready_date',
    'discharge_date', 'primary_diagnosis', 'secondary_diagnoses', 'specialty', 'discharge_pathway',
    'delay_reason', 'discharge_destination',
  ],
  (localId, s) => csvLine([
    s.id, localId, s.site, s.admissionMethod, s.admissionDate, s.dischargeReadyDate, s.dischargeDate,
    s.diagnoses[0], pipe(s.diagnoses.slice(1)), s.specialty, s.pathway, s.delayReason,
    s.dischargeDestination,
  ]),
);

export const hospitalAeAttendances = format<[localId: string, attendance: AeAttendance]>(
  'hospital/ae-attendances.csv',
  ['attendance_id', 'local_id', 'arrival_date', 'diagnosis', 'admitted'],
  (localId, a) => csvLine([a.id, localId, a.arrival, a.diagnosis, yesNo(a.admitted)]),
);

export const hospitalOutpatients = format<[localId: string, appointment: OutpatientAppointment]>(
  'hospital/outpatients.csv',
  ['appointment_id', 'local_id', 'date', 'specialty', 'attended'],
  (localId, o) => csvLine([o.id, localId, o.date, o.specialty, yesNo(o.attended)]),
);

/** The community health provider's patient index (same columns as the hospital's). */
export const communityPatients = format<[identity: SourceIdentity]>(
  'community/patients.csv', ['local_id', ...identityColumns], identityLine,
);

export const communityContacts = format<[localId: string, contact: CommunityContact]>(
  'community/contacts.csv',
  ['contact_id', 'local_id', 'date', 'service', 'setting'],
  (localId, c) => csvLine([c.id, localId, c.date, c.service, c.setting]),
);

/** The council's adult social care person records: one row per council person id. */
export const councilPeople = format<[identity: SourceIdentity]>(
  'council/people.csv', ['la_person_id', ...identityColumns], identityLine,
);

/** What is the same on every row of one Client Level Data submission. */
export interface CldSubmission {
  readonly la: { readonly code: string; readonly name: string };
  /** The reporting period, ISO dates, inclusive. */
  readonly period: { readonly start: string; readonly end: string };
  /** The council's person id of a true person, when the council holds a record of them. */
  readonly laPersonIdOf: (personId: string) => string | undefined;
}

/** The person fields that CLD repeats on each of a person's event rows. */
export interface CldPerson {
  /** The council's own copy of the person's identity. */
  readonly record: SourceIdentity;
  /** The council's ethnic group, as its 2021 Census label (DOMAIN.md §3.4). */
  readonly ethnicity: string;
  readonly socialCare?: History['socialCare'];
}

const cldGender = { female: 'Female', male: 'Male', unknown: 'Unknown' } as const;

/** Client Level Data: one row per care event, person attributes repeated on every row (DOMAIN.md §3). */
export const councilCld = format<[submission: CldSubmission, person: CldPerson, event: CareEvent]>(
  'council/cld.csv',
  [
    'LA_Code', 'LA_Name', 'Reporting_Period_Start_Date', 'Reporting_Period_End_Date',
    'LA_Person_Unique_Identifier', 'NHS_Number', 'Gender', 'Ethnicity', 'Date_of_Birth', 'Date_of_Death',
    'Client_Type', 'Primary_Support_Reason', 'Has_Unpaid_Carer', 'Accommodation_Status',
    'Employment_Status', 'Event_Type', 'Event_Reference', 'Event_Start_Date', 'Event_End_Date',
    'Event_Outcome', 'Request_Route_of_Access', 'Assessment_Type', 'Eligible_Needs_Identified',
    'Informal_Carer_Involved_In_Assessment', 'Review_Reason', 'Service_Type', 'Service_Component',
    'Delivery_Mechanism', 'Unit_Cost', 'Cost_Frequency_Unit_Type', 'Planned_Units_Per_Week',
    'Provider_Code', 'Cared_For_Person',
  ],
  (submission, person, e) => {
    const r = person.record;
    const care = person.socialCare;
    return csvLine([
      submission.la.code, submission.la.name, submission.period.start, submission.period.end,
      r.localId, r.nhsNumber, cldGender[r.sex], person.ethnicity, r.dateOfBirth, r.dateOfDeath,
      e.clientType, e.primarySupportReason, care?.hasUnpaidCarer ?? 'Unknown',
      care?.accommodationStatus ?? 'Unknown', care?.employmentStatus ?? 'Unknown',
      e.type, e.id, e.start, e.end, e.outcome, e.routeOfAccess, e.assessmentType, e.eligibleNeeds,
      e.carerInvolved, e.reviewReason, e.serviceType, e.serviceComponent, e.deliveryMechanism,
      e.unitCostPence === undefined ? undefined : poundsFromPence(e.unitCostPence), e.costFrequency,
      e.plannedUnitsPerWeek, e.provider,
      e.caredForId === undefined ? undefined : submission.laPersonIdOf(e.caredForId),
    ]);
  },
);

// ---- Truth: what really happened, for scoring linkage and risk models ------------------------------

export const truthPeople = format<[person: Person, ethnicityLabel: string]>(
  'truth/people.csv',
  [
    'person_id', 'household_id', 'nhs_number', 'sex', 'forename', 'middle_name', 'surname',
    'birth_surname', 'surname_changed', 'date_of_birth', 'ethnicity', 'practice', 'date_of_death', 'phone',
  ],
  (p, ethnicityLabel) => csvLine([
    p.id, p.householdId, p.nhsNumber, p.sex, p.forename, p.middleName, p.surname, p.birthSurname,
    p.surnameChanged, p.dateOfBirth, ethnicityLabel, p.practice, p.dateOfDeath, p.phone,
  ]),
);

export const truthAddresses = format<[personId: string, spell: AddressSpell]>(
  'truth/addresses.csv',
  ['person_id', 'from', 'to', 'line1', 'town', 'postcode', 'neighbourhood', 'care_home'],
  (personId, { from, to, address: a }) => csvLine([
    personId, from, to, a.line1, a.town, a.postcode, a.neighbourhood, a.careHome,
  ]),
);

export const truthCarers = format<[role: CaringRole]>(
  'truth/carers.csv',
  ['carer_id', 'cared_for_id', 'relationship', 'from', 'hours_per_week'],
  (c) => csvLine([c.carerId, c.caredForId, c.relationship, c.from, c.hoursPerWeek]),
);

export const truthRisk = format<[personId: string, year: RiskYear]>(
  'truth/risk.csv',
  ['person_id', 'year_start', 'age', 'true_probability', 'emergency_admissions', 'efi_deficits', 'in_care_home'],
  (personId, y) => csvLine([
    personId, y.yearStart, y.age, y.probability.toFixed(6), y.emergencyAdmissions, y.efiDeficits,
    yesNo(y.inCareHome),
  ]),
);

export const truthSourceRecords = format<[identity: SourceIdentity]>(
  'truth/source-records.csv',
  ['source', 'local_id', 'person_id', 'errors'],
  (id) => csvLine([id.source, id.localId, id.personId, pipe(id.errors)]),
);

// ---- Place: neighbourhoods and organisations ---------------------------------------------------------

/** A neighbourhood (postcode sector) of the place. */
export interface NeighbourhoodRow {
  readonly index: number;
  /** Postcode sector, e.g. "ZQ3 4". */
  readonly sector: string;
  /** Postcode district, e.g. "ZQ3". */
  readonly district: string;
  readonly town: string;
  /** Index of Multiple Deprivation decile, 1 (most deprived) to 10. */
  readonly deprivationDecile: number;
  readonly population: number;
}

/** An organisation of the place. */
export interface OrganisationRow {
  /** ODS-style code (synthetic), or the council's code. */
  readonly code: string;
  readonly kind:
    | 'gp-practice' | 'acute-trust' | 'community-provider' | 'council' | 'home-care-provider' | 'care-home'
    | 'voluntary-organisation';
  readonly name: string;
  /** Index of the neighbourhood it stands in. */
  readonly neighbourhood: number;
  readonly postcode: string;
  /** GP practices: registered patients. */
  readonly listSize?: number;
  /** Care homes and the acute trust: beds. */
  readonly beds?: number;
  /** Care homes: registered for nursing care. */
  readonly nursing?: boolean;
}

export const placeNeighbourhoods = format<[row: NeighbourhoodRow]>(
  'place/neighbourhoods.csv',
  ['neighbourhood', 'postcode_sector', 'district', 'town', 'deprivation_decile', 'population'],
  (n) => csvLine([n.index, n.sector, n.district, n.town, n.deprivationDecile, n.population]),
);

export const placeOrganisations = format<[row: OrganisationRow]>(
  'place/organisations.csv',
  ['code', 'kind', 'name', 'neighbourhood', 'postcode', 'list_size', 'beds', 'nursing'],
  (o) => csvLine([
    o.code, o.kind, o.name, o.neighbourhood, o.postcode, o.listSize, o.beds,
    o.nursing === undefined ? undefined : yesNo(o.nursing),
  ]),
);

/** Every CSV output file, in the order of the output tree (docs/formats/README.md). */
export const csvOutputFiles: readonly CsvFile[] = [
  placeNeighbourhoods, placeOrganisations,
  hospitalPatients, hospitalSpells, hospitalAeAttendances, hospitalOutpatients,
  communityPatients, communityContacts,
  councilPeople, councilCld,
  truthPeople, truthAddresses, truthCarers, truthRisk, truthSourceRecords,
];
