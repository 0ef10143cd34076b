// The FHIR R4 view of the CSV records: rows of the committed synthetic sample, mapped by the real
// importer and then projected, against the resources written out in full; then every row of every
// sample file has a resource with a valid id, no empty value, and the right person. (That they are
// valid R4 as served is checked through the FHIR API, by the R4 validator, in src/fhir.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/csv.js';
import type { FhirResource } from '../fhir/fhir-json.js';
import type { NormalisedRecord } from '../model.js';
import { projectToFhir } from './fhir-projection.js';
import { detectCsvKind } from './kinds.js';
import { mapCsvRow } from './rows.js';

type Row = Record<string, string>;
const fixtures = fileURLToPath(new URL('../../../test/fixtures/record/csv/synthetic/', import.meta.url));
const files = [
  'hospital/patients.csv', 'hospital/spells.csv', 'hospital/ae-attendances.csv', 'hospital/outpatients.csv',
  'community/patients.csv', 'community/contacts.csv', 'council/people.csv', 'council/cld.csv',
] as const;
/** The source a file is imported from: its folder (source ids are lower-case slugs). */
const sourceOf = (file: string): string => file.slice(0, file.indexOf('/'));

function rowsOf(file: string): Row[] {
  const [header = [], ...rows] = parseCsv(readFileSync(fixtures + file, 'utf8'));
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/** The records the importer makes of every row of a sample file. */
function recordsOf(file: string): NormalisedRecord[] {
  const rows = rowsOf(file);
  const kind = detectCsvKind(Object.keys(rows[0] ?? {}), file);
  if (kind === undefined) throw new Error(`${file} is of no known kind`);
  return rows.flatMap((row, i) => mapCsvRow(kind, row, { file, line: i + 2 }).records);
}

/** The record of `resourceType` the importer makes of the row whose `column` is `value`. */
function sampleRecord(file: string, column: string, value: string, resourceType: string): NormalisedRecord {
  const row = rowsOf(file).find((r) => r[column] === value);
  const kind = detectCsvKind(Object.keys(row ?? {}), file);
  if (row === undefined || kind === undefined) throw new Error(`No row with ${column} ${value} in ${file}`);
  const record = mapCsvRow(kind, row, { file, line: 2 }).records.find((r) => r.resourceType === resourceType);
  if (record === undefined) throw new Error(`The row with ${column} ${value} of ${file} gives no ${resourceType}`);
  return record;
}

const icd10 = (code: string) => ({ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code }] });
const encounterDiagnosis = (n: number, code: string, patient: string) => ({
  resourceType: 'Condition', id: `diagnosis-${n}`,
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
  code: icd10(code), subject: { reference: `Patient/${patient}` },
});
const cld = (field: string, code: string) => ({
  coding: [{ system: `https://joinedup.example/CodeSystem/cld-${field}`, code, display: code }],
});
const unknownClass = { system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'UNK', display: 'unknown' };

describe('projectToFhir: one row of each kind, the resource in full', () => {
  it.each<[string, string, string, string, string, Record<string, unknown>]>([
    ['a hospital patient', 'hospital/patients.csv', 'local_id', 'RZQVCQLVS7', 'PasPatient', {
      resourceType: 'Patient', id: 'hospital.RZQVCQLVS7',
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9996818608' },
        { system: 'https://joinedup.example/Id/hospital', value: 'RZQVCQLVS7' },
      ],
      name: [{ use: 'official', family: 'Sheppard', given: ['Darcie'] }],
      telecom: [{ system: 'phone', value: '07700 900477', use: 'mobile' }],
      gender: 'female', birthDate: '2008-05-26',
      address: [{ use: 'home', line: ['130 Laburnum Road'], city: 'Tormouth', postalCode: 'ZQ1 3DN' }],
    }],
    ['a community patient in a care home, with a middle name', 'community/patients.csv', 'local_id', 'CO4J00YE', 'CommunityPatient', {
      resourceType: 'Patient', id: 'community.CO4J00YE',
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9991837140' },
        { system: 'https://joinedup.example/Id/community', value: 'CO4J00YE' },
      ],
      name: [{ use: 'official', family: 'Patel', given: ['Susan', 'Christine'] }],
      telecom: [{ system: 'phone', value: '07700 900560', use: 'mobile' }],
      gender: 'female', birthDate: '1946-02-27',
      address: [{ use: 'home', line: ['Seaview Care Home, Ash Court'], city: 'Tormouth', postalCode: 'ZQ1 2XU' }],
    }],
    ['a council person, with the postcode as the council holds it', 'council/people.csv', 'la_person_id', 'LATP1IJAG', 'CouncilPerson', {
      resourceType: 'Patient', id: 'council.LATP1IJAG',
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9997013042' },
        { system: 'https://joinedup.example/Id/council', value: 'LATP1IJAG' },
      ],
      name: [{ use: 'official', family: 'Birchbrook', given: ['Sophie'] }],
      telecom: [{ system: 'phone', value: '07700 900530', use: 'mobile' }],
      gender: 'female', birthDate: '1995-06-03',
      address: [{ use: 'home', line: ['2 Kings Road'], city: 'Tormouth', postalCode: 'ZQ13GZ' }],
    }],
    ['the person on a CLD row, with the ethnic category of the 2021 Census group', 'council/cld.csv', 'Event_Reference', 'CEGKW4RTR', 'CldPerson', {
      resourceType: 'Patient', id: 'council.cld-LADPNAXD6',
      extension: [
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
          valueCodeableConcept: {
            coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland', code: 'Z', display: 'Not stated' }],
            text: 'No data - Refused',
          },
        },
        {
          url: 'https://joinedup.example/fhir/StructureDefinition/cld-person',
          extension: [
            { url: 'Has_Unpaid_Carer', valueCodeableConcept: cld('has-unpaid-carer', 'Yes') },
            { url: 'Accommodation_Status', valueCodeableConcept: cld('accommodation-status', 'Owner occupier or shared ownership scheme') },
            { url: 'Employment_Status', valueCodeableConcept: cld('employment-status', 'Not in Paid Employment (not actively seeking work / retired)') },
          ],
        },
      ],
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9992614935' },
        { system: 'https://joinedup.example/Id/council', value: 'LADPNAXD6' },
      ],
      gender: 'female', birthDate: '1955-07-10',
    }],
    ['an emergency spell with a delay after the discharge ready date', 'hospital/spells.csv', 'spell_id', 'SP5AEWKDD', 'HospitalSpell', {
      resourceType: 'Encounter', id: 'hospital.spell-SP5AEWKDD',
      // Secondary diagnoses B96.2|I10|I48.9|M19.9|N39.0: the last repeats the primary.
      contained: [
        encounterDiagnosis(1, 'N39.0', 'hospital.RZQH7POC5T'), encounterDiagnosis(2, 'B96.2', 'hospital.RZQH7POC5T'),
        encounterDiagnosis(3, 'I10', 'hospital.RZQH7POC5T'), encounterDiagnosis(4, 'I48.9', 'hospital.RZQH7POC5T'),
        encounterDiagnosis(5, 'M19.9', 'hospital.RZQH7POC5T'),
      ],
      identifier: [{ system: 'https://joinedup.example/Id/hospital/HospitalSpell', value: 'SP5AEWKDD' }],
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
      priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EM', display: 'emergency' }] },
      serviceType: { coding: [{ system: 'https://joinedup.example/CodeSystem/treatment-function', code: '300', display: 'General internal medicine' }] },
      subject: { reference: 'Patient/hospital.RZQH7POC5T' },
      period: { start: '2025-07-09', end: '2025-07-25' },
      reasonCode: [icd10('N39.0')],
      diagnosis: [1, 2, 3, 4, 5].map((n) => ({ condition: { reference: `#diagnosis-${n}` }, rank: n })),
      hospitalization: {
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod',
            valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-AdmissionMethodEngland', code: '21' }], text: 'Emergency: via A&E' },
          },
          {
            url: 'https://joinedup.example/fhir/StructureDefinition/discharge',
            extension: [
              { url: 'dischargeReadyDate', valueDate: '2025-07-18' },
              {
                url: 'dischargePathway',
                valueCodeableConcept: { coding: [{ system: 'https://joinedup.example/CodeSystem/discharge-pathway', code: '2', display: 'Pathway 2: a bed-based setting for recovery' }] },
              },
              {
                url: 'delayReason',
                valueCodeableConcept: { coding: [{ system: 'https://joinedup.example/CodeSystem/dtoc-delay-reason', code: 'A', display: 'Awaiting completion of assessment' }] },
              },
            ],
          },
        ],
        dischargeDisposition: {
          coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeDestinationEngland', code: '51' }],
          text: 'NHS hospital ward (general)',
        },
      },
      location: [{ location: { display: 'Acute hospital' } }],
    }],
    ['an A&E attendance that ended in admission', 'hospital/ae-attendances.csv', 'attendance_id', 'AER5GZ2IV', 'AeAttendance', {
      resourceType: 'Encounter', id: 'hospital.ae-AER5GZ2IV',
      contained: [encounterDiagnosis(1, 'R10', 'hospital.RZQ0MCXRAV')],
      identifier: [{ system: 'https://joinedup.example/Id/hospital/AeAttendance', value: 'AER5GZ2IV' }],
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER', display: 'emergency' },
      subject: { reference: 'Patient/hospital.RZQ0MCXRAV' },
      period: { start: '2025-02-06' },
      reasonCode: [icd10('R10')],
      diagnosis: [{ condition: { reference: '#diagnosis-1' }, rank: 1 }],
      hospitalization: {
        dischargeDisposition: { coding: [{ system: 'https://joinedup.example/CodeSystem/ae-outcome', code: 'admitted', display: 'Admitted to hospital' }] },
      },
    }],
    ['an outpatient appointment not attended: status unknown, not cancelled', 'hospital/outpatients.csv', 'appointment_id', 'OPOVKVZHN', 'OutpatientAppointment', {
      resourceType: 'Encounter', id: 'hospital.op-OPOVKVZHN',
      extension: [{ url: 'https://joinedup.example/fhir/StructureDefinition/attended', valueBoolean: false }],
      identifier: [{ system: 'https://joinedup.example/Id/hospital/OutpatientAppointment', value: 'OPOVKVZHN' }],
      status: 'unknown',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      serviceType: { coding: [{ system: 'https://joinedup.example/CodeSystem/treatment-function', code: '320', display: 'Cardiology' }] },
      subject: { reference: 'Patient/hospital.RZQ4FTBYX8' },
      period: { start: '2026-01-13' },
    }],
    ['an outpatient appointment attended', 'hospital/outpatients.csv', 'appointment_id', 'OPBCHJJAF', 'OutpatientAppointment', {
      resourceType: 'Encounter', id: 'hospital.op-OPBCHJJAF',
      extension: [{ url: 'https://joinedup.example/fhir/StructureDefinition/attended', valueBoolean: true }],
      identifier: [{ system: 'https://joinedup.example/Id/hospital/OutpatientAppointment', value: 'OPBCHJJAF' }],
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      serviceType: { coding: [{ system: 'https://joinedup.example/CodeSystem/treatment-function', code: '110', display: 'Trauma and orthopaedics' }] },
      subject: { reference: 'Patient/hospital.RZQ8NEYG7Q' },
      period: { start: '2024-02-28', end: '2024-02-28' },
    }],
    ['a district nursing visit in a care home: home health', 'community/contacts.csv', 'contact_id', 'CCKZBG8F9', 'CommunityContact', {
      resourceType: 'Encounter', id: 'community.contact-CCKZBG8F9',
      identifier: [{ system: 'https://joinedup.example/Id/community/CommunityContact', value: 'CCKZBG8F9' }],
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HH', display: 'home health' },
      serviceType: { text: 'District nursing' },
      subject: { reference: 'Patient/community.CO4J00YE' },
      period: { start: '2023-04-25', end: '2023-04-25' },
      location: [{ location: { display: 'Care home' } }],
    }],
    ['a CLD request from hospital discharge', 'council/cld.csv', 'Event_Reference', 'CEAJP3FUM', 'CldEvent', {
      resourceType: 'ServiceRequest', id: expect.stringMatching(/^council\.x-[0-9a-f]+$/) as string,
      extension: [{
        url: 'https://joinedup.example/fhir/StructureDefinition/cld-event',
        extension: [
          { url: 'Client_Type', valueCodeableConcept: cld('client-type', 'Service User') },
          { url: 'Event_End_Date', valueDate: '2025-02-06' },
          { url: 'Event_Outcome', valueCodeableConcept: cld('event-outcome', 'Progress to Reablement/ST-Max') },
          { url: 'Request_Route_of_Access', valueCodeableConcept: { text: 'Discharge from Hospital' } },
        ],
      }],
      identifier: [
        { system: 'https://joinedup.example/Id/council/CldEvent', value: 'Request|E06000999|LATP1IJAG|2025-02-06|Discharge from Hospital' },
        { system: 'https://joinedup.example/Id/council/Event_Reference', value: 'CEAJP3FUM' },
      ],
      status: 'completed', intent: 'order',
      code: cld('event-type', 'Request'),
      subject: { reference: 'Patient/council.cld-LATP1IJAG' },
      authoredOn: '2025-02-06',
      reasonCode: [cld('primary-support-reason', 'Learning Disability Support')],
    }],
    ["a carer's assessment", 'council/cld.csv', 'Event_Reference', 'CE6QQJB00', 'CldEvent', {
      resourceType: 'Encounter', id: expect.stringMatching(/^council\.x-[0-9a-f]+$/) as string,
      extension: [{
        url: 'https://joinedup.example/fhir/StructureDefinition/cld-event',
        extension: [
          { url: 'Client_Type', valueCodeableConcept: cld('client-type', 'Carer') },
          { url: 'Event_Outcome', valueCodeableConcept: cld('event-outcome', 'Progress to Support Planning / Services') },
          { url: 'Eligible_Needs_Identified', valueBoolean: true },
          { url: 'Informal_Carer_Involved_In_Assessment', valueBoolean: false },
          { url: 'Cared_For_Person', valueReference: { reference: 'Patient/council.cld-LA2EFG2S2' } },
        ],
      }],
      identifier: [
        { system: 'https://joinedup.example/Id/council/CldEvent', value: 'Assessment|E06000999|LAMSL734M|2023-04-18|CE6QQJB00' },
        { system: 'https://joinedup.example/Id/council/Event_Reference', value: 'CE6QQJB00' },
      ],
      status: 'finished', class: unknownClass,
      type: [{ ...cld('event-type', 'Assessment'), text: 'Carer Assessment' }],
      subject: { reference: 'Patient/council.cld-LAMSL734M' },
      period: { start: '2023-04-18', end: '2023-04-22' },
      reasonCode: [cld('primary-support-reason', 'Social Support: Support to Carer')],
    }],
    ['an open home care service', 'council/cld.csv', 'Event_Reference', 'CEGKW4RTR', 'CldEvent', {
      resourceType: 'EpisodeOfCare', id: expect.stringMatching(/^council\.x-[0-9a-f]+$/) as string,
      extension: [{
        url: 'https://joinedup.example/fhir/StructureDefinition/cld-event',
        extension: [
          { url: 'Client_Type', valueCodeableConcept: cld('client-type', 'Service User') },
          { url: 'Primary_Support_Reason', valueCodeableConcept: cld('primary-support-reason', 'Sensory Support: Support for hearing impairment') },
          { url: 'Delivery_Mechanism', valueCodeableConcept: cld('delivery-mechanism', 'CASSR Commissioned Support') },
          { url: 'Unit_Cost', valueMoney: { value: 25.25, currency: 'GBP' } },
          { url: 'Cost_Frequency_Unit_Type', valueCodeableConcept: cld('cost-frequency-unit-type', 'Hourly') },
          { url: 'Planned_Units_Per_Week', valueDecimal: 6 },
          { url: 'Provider_Code', valueIdentifier: { system: 'https://joinedup.example/Id/council/Provider_Code', value: 'ZH0001' } },
        ],
      }],
      identifier: [
        { system: 'https://joinedup.example/Id/council/CldEvent', value: 'Service|E06000999|LADPNAXD6|2025-02-15|Long Term Support: Community|Home Care|CASSR Commissioned Support' },
        { system: 'https://joinedup.example/Id/council/Event_Reference', value: 'CEGKW4RTR' },
      ],
      status: 'active',
      type: [cld('service-type', 'Long Term Support: Community'), { text: 'Home Care' }],
      patient: { reference: 'Patient/council.cld-LADPNAXD6' },
      period: { start: '2025-02-15' },
    }],
    ['a planned review', 'council/cld.csv', 'Event_Reference', 'CERCQMNLG', 'CldEvent', {
      resourceType: 'Encounter', id: expect.stringMatching(/^council\.x-[0-9a-f]+$/) as string,
      extension: [{
        url: 'https://joinedup.example/fhir/StructureDefinition/cld-event',
        extension: [
          { url: 'Client_Type', valueCodeableConcept: cld('client-type', 'Service User') },
          { url: 'Event_Outcome', valueCodeableConcept: cld('event-outcome', 'No change in package') },
          { url: 'Review_Reason', valueCodeableConcept: { text: 'Planned' } },
        ],
      }],
      identifier: [
        { system: 'https://joinedup.example/Id/council/CldEvent', value: 'Review|E06000999|LATP1IJAG|2026-03-14|CERCQMNLG' },
        { system: 'https://joinedup.example/Id/council/Event_Reference', value: 'CERCQMNLG' },
      ],
      status: 'finished', class: unknownClass,
      type: [cld('event-type', 'Review')],
      subject: { reference: 'Patient/council.cld-LATP1IJAG' },
      period: { start: '2026-03-14', end: '2026-03-14' },
      reasonCode: [cld('primary-support-reason', 'Learning Disability Support')],
    }],
  ])('%s', (_, file, column, value, resourceType, expected) => {
    expect(projectToFhir(sampleRecord(file, column, value, resourceType), sourceOf(file))).toEqual(expected);
  });
});

/** A record of a sample row with some of its columns changed, as the importer makes it. */
function changed(file: string, column: string, value: string, resourceType: string, change: Row): NormalisedRecord {
  const row = rowsOf(file).find((r) => r[column] === value);
  const kind = detectCsvKind(Object.keys(row ?? {}), file);
  if (row === undefined || kind === undefined) throw new Error(`No row with ${column} ${value} in ${file}`);
  const record = mapCsvRow(kind, { ...row, ...change }, { line: 2 }).records.find((r) => r.resourceType === resourceType);
  if (record === undefined) throw new Error(`The changed row gives no ${resourceType}`);
  return record;
}

describe('projectToFhir: the rules, one case each', () => {
  const spell = (change: Row) => changed('hospital/spells.csv', 'spell_id', 'SP5AEWKDD', 'HospitalSpell', change);
  const person = (change: Row) => changed('council/cld.csv', 'Event_Reference', 'CEGKW4RTR', 'CldPerson', change);
  const service = (change: Row) => changed('council/cld.csv', 'Event_Reference', 'CEGKW4RTR', 'CldEvent', change);
  const contact = (change: Row) => changed('community/contacts.csv', 'contact_id', 'CCKZBG8F9', 'CommunityContact', change);
  type Extension = { url: string; valueCodeableConcept?: { coding?: { code?: string }[] } };
  const ethnicity = (r: FhirResource | undefined) => (r?.extension as Extension[] | undefined)?.find((e) => e.url.endsWith('EthnicCategory'));

  it.each<[string, () => NormalisedRecord, string, (resource: FhirResource | undefined) => unknown, unknown]>([
    ['an open spell is in progress, with no end and no discharge disposition', () => spell({ discharge_date: '', discharge_destination: '', discharge_pathway: '', delay_reason: '', discharge_ready_date: '' }), 'hospital',
      (r) => [r?.status, r?.period, (r?.hospitalization as Record<string, unknown>).dischargeDisposition], ['in-progress', { start: '2025-07-09' }, undefined]],
    ['an elective admission is priority EL', () => spell({ admission_method: '11' }), 'hospital',
      (r) => r?.priority, { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EL', display: 'elective' }] }],
    ['a transfer from another hospital has no priority', () => spell({ admission_method: '81' }), 'hospital', (r) => r?.priority, undefined],
    ['a delay reason spelled "Dii" is D(ii)', () => spell({ delay_reason: 'Dii' }), 'hospital',
      (r) => JSON.stringify(r).includes('"code":"D(ii)","display":"Awaiting nursing home placement or availability"'), true],
    ['a specialty code we have no label for is coded without a display', () => spell({ specialty: '361' }), 'hospital',
      (r) => r?.serviceType, { coding: [{ system: 'https://joinedup.example/CodeSystem/treatment-function', code: '361' }] }],
    ['a community clinic contact is ambulatory', () => contact({ setting: 'clinic' }), 'community', (r) => (r?.class as { code: string }).code, 'AMB'],
    ['a contact with no setting has class unknown and no location', () => contact({ setting: '' }), 'community', (r) => [r?.class, r?.location], [unknownClass, undefined]],
    ['a 2021 Census group spelled with an en dash still finds its letter', () => person({ Ethnicity: 'White – Irish' }), 'council',
      (r) => ethnicity(r), {
        url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
        valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland', code: 'B', display: 'White - Irish' }], text: 'White – Irish' },
      }],
    ['Roma is C, Any other White background (2001 had no Roma category)', () => person({ Ethnicity: 'White - Roma' }), 'council',
      (r) => ethnicity(r)?.valueCodeableConcept?.coding?.[0]?.code, 'C'],
    ['an ethnicity off the CLD list gives no ethnic category', () => person({ Ethnicity: 'Cornish' }), 'council', (r) => ethnicity(r), undefined],
    ['an open service is active with no end', () => service({}), 'council', (r) => [r?.status, r?.period], ['active', { start: '2025-02-15' }]],
    ['a discharge ready date after the discharge is left out, as the importer leaves it out', () => spell({ discharge_ready_date: '2025-07-30' }), 'hospital',
      (r) => JSON.stringify(r).includes('dischargeReadyDate'), false],
  ])('%s', (_, record, source, pick, expected) => {
    expect(pick(projectToFhir(record(), source))).toEqual(expected);
  });

  it("reads NHS England's spellings of the cost columns as ours", () => {
    const record = sampleRecord('council/cld.csv', 'Event_Reference', 'CEGKW4RTR', 'CldEvent');
    const resource = projectToFhir(renamed(record), 'council');
    expect(resource).toEqual(projectToFhir(record, 'council'));
    expect(JSON.stringify(resource)).toContain('{"url":"Planned_Units_Per_Week","valueDecimal":6}');
  });

  const patient = sampleRecord('hospital/patients.csv', 'local_id', 'RZQVCQLVS7', 'PasPatient');
  it('leaves out an NHS number that fails modulus 11, keeping the local number', () => {
    const resource = projectToFhir({ ...patient, identity: { ...patient.identity, nhsNumber: '9996818609' } }, 'hospital');
    expect(resource?.identifier).toEqual([{ system: 'https://joinedup.example/Id/hospital', value: 'RZQVCQLVS7' }]);
  });

  it('reads the demographics from the row again when a record comes without identity facts', () => {
    const { identity: _, ...bare } = patient;
    expect(projectToFhir(bare, 'hospital')).toEqual(projectToFhir(patient, 'hospital'));
  });

  it('leaves out what the row lacks: no name, no phone, no address', () => {
    const resource = projectToFhir({ ...patient, identity: { sex: 'unknown' } }, 'hospital');
    expect(resource).toEqual({
      resourceType: 'Patient', id: 'hospital.RZQVCQLVS7',
      identifier: [{ system: 'https://joinedup.example/Id/hospital', value: 'RZQVCQLVS7' }], gender: 'unknown',
    });
  });

  it('gives nothing for a record that is not a CSV row, of a type with no resource, or about no one', () => {
    const contactRecord = sampleRecord('community/contacts.csv', 'contact_id', 'CCKZBG8F9', 'CommunityContact');
    expect(projectToFhir({ ...contactRecord, payload: { resourceType: 'Encounter', class: { code: 'HH' } } }, 'community')).toBeUndefined();
    expect(projectToFhir({ ...contactRecord, resourceType: 'GpLetter' }, 'community')).toBeUndefined();
    const { subjectKey: _, ...aboutNoOne } = contactRecord;
    expect(projectToFhir(aboutNoOne, 'community')).toBeUndefined();
  });

  it('hashes a key that cannot be an id, and keeps the key itself as an identifier', () => {
    const resource = projectToFhir({ ...patient, sourceKey: 'RZQ VCQ/LVS7' }, 'hospital');
    expect(resource?.id).toMatch(/^hospital\.x-[0-9a-f]+$/);
    expect(resource?.identifier).toContainEqual({ system: 'https://joinedup.example/Id/hospital', value: 'RZQ VCQ/LVS7' });
  });
});

/** The CLD record with its cost columns under NHS England's spellings (DOMAIN.md §3.3). */
function renamed(record: NormalisedRecord): NormalisedRecord {
  const { Cost_Frequency_Unit_Type: frequency = '', Planned_Units_Per_Week: planned = '', ...rest } = record.payload as Row;
  return { ...record, payload: { ...rest, 'Cost_Frequency_(Unit_Type)': frequency, Planned_units_per_week: planned } };
}

// ---------------------------------------------------------------------------------------------
// Every row of every sample file (their validity against R4 is checked, as served, in src/fhir).

/** Leaves that are not a non-empty string, a number or a boolean, and empty arrays or objects. */
function emptyValues(value: unknown, where: string, out: string[]): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${where}: []`);
    value.forEach((v, i) => emptyValues(v, `${where}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null) {
    if (Object.keys(value).length === 0) out.push(`${where}: {}`);
    for (const [k, v] of Object.entries(value)) emptyValues(v, `${where}.${k}`, out);
  } else if (!(typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value !== ''))) {
    out.push(`${where}: ${value === undefined ? 'undefined' : JSON.stringify(value)}`);
  }
  return out;
}

const idOf = (resource: FhirResource | undefined): string => (typeof resource?.id === 'string' ? resource.id : '');

const projected = files.map((file) => {
  const resources = recordsOf(file).map((record) => ({ record, resource: projectToFhir(record, sourceOf(file)) }));
  return [file, resources] as const;
});

describe('every row of the synthetic sample projects to valid R4', () => {
  it.each(projected)('%s: every record has a resource, with a valid id and no empty value', (_, resources) => {
    expect(resources.length).toBeGreaterThan(0);
    for (const { record, resource } of resources) {
      expect(resource, `${record.resourceType} ${record.sourceKey}`).toBeDefined();
      expect(resource?.id).toMatch(/^[A-Za-z0-9.-]{1,64}$/);
      expect(emptyValues(resource, record.sourceKey, [])).toEqual([]);
    }
  });

  it('refers to each person by the id of the Patient their own source record projects to', () => {
    const patients = new Map<string, string>();
    for (const [file, rs] of projected) {
      for (const { record, resource } of rs) if (resource?.resourceType === 'Patient') patients.set(`${sourceOf(file)} ${record.sourceKey}`, `Patient/${idOf(resource)}`);
    }
    let checked = 0;
    let events = 0;
    for (const [file, rs] of projected) {
      for (const { record, resource } of rs) {
        if (record.subjectKey !== undefined) events++;
        const patient = record.subjectKey === undefined ? undefined : patients.get(`${sourceOf(file)} ${record.subjectKey}`);
        // The sample holds the first 200 rows of each file, so some people's own records are not in it.
        if (patient === undefined) continue;
        const person = (resource?.subject ?? resource?.patient) as { reference?: string } | undefined;
        expect(person?.reference, `${record.resourceType} ${record.sourceKey}`).toBe(patient);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(events / 2);
  });
});
