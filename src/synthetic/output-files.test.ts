import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../test/support/csv.js';
import { csvHeader } from './csv.js';
import type { CareEvent, Person, SourceIdentity } from './model.js';
import {
  communityContacts, communityPatients, councilCld, councilPeople, csvOutputFiles, hospitalAeAttendances,
  hospitalOutpatients, hospitalPatients, hospitalSpells, placeNeighbourhoods, placeOrganisations,
  poundsFromPence, truthAddresses, truthCarers, truthPeople, truthRisk, truthSourceRecords, yesNo,
  type CldSubmission,
} from './output-files.js';

const identity: SourceIdentity = {
  source: 'hospital', localId: 'RZZ1234567', personId: 'P0000042', nhsNumber: '9990000018',
  forename: 'Mary', middleName: 'Anne', surname: 'Smith-Jones', dateOfBirth: '1941-03-07', sex: 'female',
  line1: '14 Harbour View', town: 'Seaton', postcode: 'ZQ3 4LP', phone: '07700 900123',
  errors: ['nickname', 'dob-day-month-swap'],
};

const person: Person = {
  id: 'P0000042', index: 42, householdId: 'H0000017', sex: 'female', forename: 'Mary', middleName: 'Anne',
  surname: 'Smith-Jones', birthSurname: 'Smith', surnameChanged: '1965-06-12', dateOfBirth: '1941-07-03',
  ethnicity: 0, nhsNumber: '9990000018', practice: 'Z00001',
  addresses: [
    { from: '1941-07-03', to: '2023-05-01', address: { line1: '14 Harbour View', town: 'Seaton', postcode: 'ZQ3 4LP', neighbourhood: 3 } },
    { from: '2023-05-01', address: { line1: 'Sea View House, Cliff Road', town: 'Seaton', postcode: 'ZQ3 5AB', neighbourhood: 4, careHome: 'ZC0001' } },
  ],
  dateOfDeath: '2024-11-30',
};

const submission: CldSubmission = {
  la: { code: 'E06009999', name: 'Seaton Council' },
  period: { start: '2024-04-01', end: '2025-03-31' },
  laPersonIdOf: (personId) => (personId === 'P0000042' ? 'LA000042' : undefined),
};

const service: CareEvent = {
  id: 'EV0001', type: 'Service', clientType: 'Service User', start: '2024-05-01',
  primarySupportReason: 'Physical Support: Personal care support',
  serviceType: 'Long Term Support: Community', serviceComponent: 'Home care',
  deliveryMechanism: 'CASSR Commissioned Support', unitCostPence: 2345, costFrequency: 'Hourly',
  plannedUnitsPerWeek: 10.5, provider: 'ZH0001',
};

const carerAssessment: CareEvent = {
  id: 'EV0002', type: 'Assessment', clientType: 'Carer', start: '2024-06-01', end: '2024-06-20',
  outcome: 'Progress to Support Planning / Services', primarySupportReason: 'Social Support: Support to Carer',
  assessmentType: 'Carer Assessment', eligibleNeeds: 'Yes', carerInvolved: 'No', caredForId: 'P0000042',
};

const councilRecord: SourceIdentity = { ...identity, source: 'council', localId: 'LA000077', personId: 'P0000077' };

/** One sample row for every file, written the way the pipeline writes it. */
const samples: readonly { readonly path: string; readonly line: string }[] = [
  { path: hospitalPatients.path, line: hospitalPatients.line(identity) },
  {
    path: hospitalSpells.path,
    line: hospitalSpells.line('RZZ1234567', {
      id: 'S1', site: 'acute', admissionMethod: '21', admissionDate: '2024-01-02', dischargeReadyDate: '2024-01-09',
      dischargeDate: '2024-01-15', diagnoses: ['J18.9', 'I10', 'F03'], delayReason: 'E', pathway: 1,
      dischargeDestination: '19', specialty: '300',
    }),
  },
  { path: hospitalAeAttendances.path, line: hospitalAeAttendances.line('RZZ1234567', { id: 'A1', arrival: '2024-01-02', admitted: true, diagnosis: 'R55' }) },
  { path: hospitalOutpatients.path, line: hospitalOutpatients.line('RZZ1234567', { id: 'O1', date: '2024-02-03', specialty: '320', attended: false }) },
  { path: communityPatients.path, line: communityPatients.line({ ...identity, source: 'community', localId: 'C123' }) },
  { path: communityContacts.path, line: communityContacts.line('C123', { id: 'K1', date: '2024-02-04', service: 'District nursing', setting: 'care home' }) },
  { path: councilPeople.path, line: councilPeople.line(councilRecord) },
  { path: councilCld.path, line: councilCld.line(submission, { record: councilRecord, ethnicity: 'White - Irish' }, service) },
  { path: truthPeople.path, line: truthPeople.line(person, 'White - English, Welsh, Scottish, Northern Irish or British') },
  { path: truthAddresses.path, line: truthAddresses.line(person.id, person.addresses[1]!) },
  { path: truthCarers.path, line: truthCarers.line({ carerId: 'P0000077', caredForId: 'P0000042', relationship: 'son or daughter', from: '2020-01-01', hoursPerWeek: 35 }) },
  { path: truthRisk.path, line: truthRisk.line(person.id, { yearStart: '2023-04-01', age: 82, probability: 0.123456789, emergencyAdmissions: 2, efiDeficits: 9, inCareHome: false }) },
  { path: truthSourceRecords.path, line: truthSourceRecords.line(identity) },
  { path: placeNeighbourhoods.path, line: placeNeighbourhoods.line({ index: 3, sector: 'ZQ3 4', district: 'ZQ3', town: 'Seaton', deprivationDecile: 2, population: 6120 }) },
  { path: placeOrganisations.path, line: placeOrganisations.line({ code: 'ZC0001', kind: 'care-home', name: 'Sea View House', neighbourhood: 4, postcode: 'ZQ3 5AB', beds: 42, nursing: true }) },
];

function fieldsOf(line: string): readonly string[] {
  const rows = parseCsv(line);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

function record(header: readonly string[], line: string): Readonly<Record<string, string>> {
  const fields = fieldsOf(line);
  expect(fields).toHaveLength(header.length);
  return Object.fromEntries(header.map((name, i) => [name, fields[i]!]));
}

describe('output files', () => {
  it('lists every CSV file once, with unique column names', () => {
    const paths = csvOutputFiles.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const file of csvOutputFiles) expect(new Set(file.header).size, file.path).toBe(file.header.length);
  });

  it('has a sample row for every file, and each row has one field per column', () => {
    expect(samples.map((s) => s.path).sort()).toEqual(csvOutputFiles.map((f) => f.path).sort());
    for (const sample of samples) {
      const file = csvOutputFiles.find((f) => f.path === sample.path)!;
      expect(sample.line.endsWith('\n'), sample.path).toBe(true);
      expect(fieldsOf(sample.line), sample.path).toHaveLength(file.header.length);
    }
  });

  it('writes a whole file that an RFC 4180 reader reads back field for field', () => {
    const awkward: SourceIdentity = {
      ...identity, surname: 'Smith, "Smudge"', forename: 'Ann\nMarie', middleName: undefined, line1: 'Flat 2, "The Old Mill"\r\nMill Lane',
      phone: undefined, dateOfDeath: undefined,
    };
    const text = csvHeader(hospitalPatients) + hospitalPatients.line(identity) + hospitalPatients.line(awkward);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(hospitalPatients.header);
    expect(rows[2]).toEqual([
      'RZZ1234567', '9990000018', 'Smith, "Smudge"', 'Ann\nMarie', '', '1941-03-07', 'female',
      'Flat 2, "The Old Mill"\r\nMill Lane', 'Seaton', 'ZQ3 4LP', '', '',
    ]);
  });

  it('writes a hospital spell with the primary diagnosis apart and the rest pipe-separated', () => {
    const row = record(hospitalSpells.header, samples[1]!.line);
    expect(row).toMatchObject({
      primary_diagnosis: 'J18.9', secondary_diagnoses: 'I10|F03', discharge_pathway: '1', delay_reason: 'E',
      discharge_ready_date: '2024-01-09', discharge_destination: '19',
    });
    const open = record(hospitalSpells.header, hospitalSpells.line('R1', {
      id: 'S2', site: 'community', admissionMethod: '81', admissionDate: '2025-03-20', diagnoses: ['I63.9'], specialty: '314',
    }));
    expect(open).toMatchObject({ secondary_diagnoses: '', discharge_date: '', discharge_pathway: '', delay_reason: '' });
  });

  it('writes flags as yes or no', () => {
    expect(yesNo(true)).toBe('yes');
    expect(record(hospitalAeAttendances.header, samples[2]!.line).admitted).toBe('yes');
    expect(record(hospitalOutpatients.header, samples[3]!.line).attended).toBe('no');
    expect(record(placeOrganisations.header, samples[14]!.line)).toMatchObject({ nursing: 'yes', beds: '42', list_size: '' });
  });

  it('writes the true probability with six decimals', () => {
    expect(record(truthRisk.header, samples[11]!.line)).toMatchObject({ true_probability: '0.123457', in_care_home: 'no' });
  });

  it('writes the errors of a source record pipe-separated', () => {
    expect(record(truthSourceRecords.header, samples[12]!.line)).toEqual({
      source: 'hospital', local_id: 'RZZ1234567', person_id: 'P0000042', errors: 'nickname|dob-day-month-swap',
    });
  });

  it('writes a care home address with its organisation code', () => {
    expect(record(truthAddresses.header, samples[9]!.line)).toMatchObject({
      line1: 'Sea View House, Cliff Road', to: '', neighbourhood: '4', care_home: 'ZC0001',
    });
  });
});

describe('poundsFromPence', () => {
  const cases: readonly [number, string][] = [
    [0, '0.00'], [5, '0.05'], [10, '0.10'], [99, '0.99'], [100, '1.00'], [12345, '123.45'],
    [2_000_000, '20000.00'], [-250, '-2.50'], [900_719_925_474_099, '9007199254740.99'],
  ];
  it.each(cases)('writes %d pence as %s', (pence, pounds) => {
    expect(poundsFromPence(pence)).toBe(pounds);
  });

  it('refuses fractions of a penny', () => {
    expect(() => poundsFromPence(12.5)).toThrow(RangeError);
  });
});

describe('council/cld.csv', () => {
  it('has exactly the Client Level Data columns', () => {
    expect(councilCld.header).toEqual([
      'LA_Code', 'LA_Name', 'Reporting_Period_Start_Date', 'Reporting_Period_End_Date', 'LA_Person_Unique_Identifier',
      'NHS_Number', 'Gender', 'Ethnicity', 'Date_of_Birth', 'Date_of_Death', 'Client_Type', 'Primary_Support_Reason',
      'Has_Unpaid_Carer', 'Accommodation_Status', 'Employment_Status', 'Event_Type', 'Event_Reference',
      'Event_Start_Date', 'Event_End_Date', 'Event_Outcome', 'Request_Route_of_Access', 'Assessment_Type',
      'Eligible_Needs_Identified', 'Informal_Carer_Involved_In_Assessment', 'Review_Reason', 'Service_Type',
      'Service_Component', 'Delivery_Mechanism', 'Unit_Cost', 'Cost_Frequency_Unit_Type', 'Planned_Units_Per_Week',
      'Provider_Code', 'Cared_For_Person',
    ]);
  });

  it('repeats the person on a service row and writes the cost in pounds', () => {
    expect(record(councilCld.header, samples[7]!.line)).toEqual({
      LA_Code: 'E06009999', LA_Name: 'Seaton Council', Reporting_Period_Start_Date: '2024-04-01',
      Reporting_Period_End_Date: '2025-03-31', LA_Person_Unique_Identifier: 'LA000077', NHS_Number: '9990000018',
      Gender: 'Female', Ethnicity: 'White - Irish', Date_of_Birth: '1941-03-07', Date_of_Death: '',
      Client_Type: 'Service User', Primary_Support_Reason: 'Physical Support: Personal care support',
      Has_Unpaid_Carer: 'Unknown', Accommodation_Status: 'Unknown', Employment_Status: 'Unknown',
      Event_Type: 'Service', Event_Reference: 'EV0001', Event_Start_Date: '2024-05-01', Event_End_Date: '',
      Event_Outcome: '', Request_Route_of_Access: '', Assessment_Type: '', Eligible_Needs_Identified: '',
      Informal_Carer_Involved_In_Assessment: '', Review_Reason: '', Service_Type: 'Long Term Support: Community',
      Service_Component: 'Home care', Delivery_Mechanism: 'CASSR Commissioned Support', Unit_Cost: '23.45',
      Cost_Frequency_Unit_Type: 'Hourly', Planned_Units_Per_Week: '10.5', Provider_Code: 'ZH0001', Cared_For_Person: '',
    });
  });

  it("names the cared-for person by the council's own id, when the council knows them", () => {
    const carer = { record: councilRecord, ethnicity: 'White - Irish', socialCare: { accommodationStatus: 'Tenant', employmentStatus: 'Unknown', hasUnpaidCarer: 'No' as const } };
    expect(record(councilCld.header, councilCld.line(submission, carer, carerAssessment))).toMatchObject({
      Client_Type: 'Carer', Event_Type: 'Assessment', Event_End_Date: '2024-06-20', Eligible_Needs_Identified: 'Yes',
      Informal_Carer_Involved_In_Assessment: 'No', Cared_For_Person: 'LA000042', Has_Unpaid_Carer: 'No',
      Accommodation_Status: 'Tenant', Unit_Cost: '',
    });
    const unknown = councilCld.line(submission, carer, { ...carerAssessment, caredForId: 'P0009999' });
    expect(record(councilCld.header, unknown).Cared_For_Person).toBe('');
  });

  it('writes a person of unknown sex as Unknown', () => {
    const line = councilCld.line(submission, { record: { ...councilRecord, sex: 'unknown' }, ethnicity: 'No data - Undeclared or Not known' }, service);
    expect(record(councilCld.header, line).Gender).toBe('Unknown');
  });
});

describe('docs/formats', () => {
  const docFor: Readonly<Record<string, string>> = {
    place: 'place.md', hospital: 'hospital.md', community: 'community.md', council: 'council-cld.md', truth: 'truth.md',
  };
  const read = (name: string) => readFileSync(new URL(`../../docs/formats/${name}`, import.meta.url), 'utf8');

  it('documents every file and every column', () => {
    const readme = read('README.md');
    for (const file of csvOutputFiles) {
      expect(readme, file.path).toContain(file.path.split('/')[1]);
      const doc = read(docFor[file.path.split('/')[0]!]!);
      const heading = `\n## \`${file.path}\``;
      expect(doc, file.path).toContain(heading);
      const start = doc.indexOf(heading) + heading.length;
      const next = doc.indexOf('\n## ', start);
      const section = doc.slice(start, next === -1 ? undefined : next);
      for (const column of file.header) expect(section, `${file.path}: ${column}`).toContain(`| \`${column}\` |`);
    }
  });
});
