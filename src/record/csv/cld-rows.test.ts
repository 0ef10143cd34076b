import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/csv.js';
import type { MapResult, NormalisedRecord } from '../model.js';
import { mapCsvRow } from './rows.js';

type Row = Record<string, string>;
const fixture = fileURLToPath(new URL('../../../test/fixtures/record/csv/synthetic/council/cld.csv', import.meta.url));
const [header = [], ...cells] = parseCsv(readFileSync(fixture, 'utf8'));
const referenceColumn = header.indexOf('Event_Reference');

/** The CLD row of the synthetic council with this Event_Reference, as column name → text. */
function event(reference: string, change: Row = {}): Row {
  const found = cells.find((r) => r[referenceColumn] === reference);
  if (found === undefined) throw new Error(`No event ${reference}`);
  return { ...Object.fromEntries(header.map((name, i) => [name, found[i] ?? ''])), ...change };
}

const map = (row: Row): MapResult => mapCsvRow('cld', row, { file: 'council/cld.csv', line: 7 });
const eventOf = (result: MapResult): NormalisedRecord | undefined => result.records.find((r) => r.resourceType === 'CldEvent');
const issuesOf = (result: MapResult) => result.issues.map((i) => [i.code, i.location.field, i.rejected]);

describe('Client Level Data rows', () => {
  it('maps an open home care service to the council person and a care-service entry with its cost in pence', () => {
    const row = event('CEBCAGYX4', { Planned_Units_Per_Week: '12', Unit_Cost: '26.50' });
    const result = map(row);
    expect(result.issues).toEqual([]);
    expect(result.records).toEqual([
      {
        resourceType: 'CldPerson', sourceKey: 'LATP1IJAG',
        identity: { nhsNumber: '9997013042', sex: 'female', birthDate: '1995-06-03' },
        payload: {
          LA_Code: 'E06000999', LA_Person_Unique_Identifier: 'LATP1IJAG', NHS_Number: '9997013042', Gender: 'Female',
          Ethnicity: 'White - English, Welsh, Scottish, Northern Irish or British', Date_of_Birth: '1995-06-03', Date_of_Death: '',
          Has_Unpaid_Carer: 'No', Accommodation_Status: 'Settled mainstream housing with family / friends',
          Employment_Status: 'Not in Paid Employment (seeking work)',
        },
      },
      {
        resourceType: 'CldEvent',
        sourceKey: 'Service|E06000999|LATP1IJAG|2025-03-14|Long Term Support: Community|Home Care|CASSR Commissioned Support',
        subjectKey: 'LATP1IJAG', payload: row,
        timeline: {
          kind: 'care-service', date: '2025-03-14',
          title: 'Service: Long Term Support: Community – Home Care, 12 hours a week (£26.50 an hour), CASSR Commissioned Support',
          detail: {
            Council: 'Tormouth Council (E06000999)', 'Event type': 'Service', 'Event reference': 'CEBCAGYX4',
            'Client type': 'Service User', 'Start date': '2025-03-14', 'Primary support reason': 'Learning Disability Support',
            'Service type': 'Long Term Support: Community', 'Service component': 'Home Care',
            'Delivery mechanism': 'CASSR Commissioned Support', 'Unit cost': '£26.50', 'Unit cost (pence)': '2650',
            'Cost frequency': 'Hourly', 'Planned units per week': '12', Provider: 'ZH0001',
          },
        },
        summary: {
          section: 'service', since: '2025-03-14', active: true,
          text: 'Long Term Support: Community – Home Care, 12 hours a week (£26.50 an hour), CASSR Commissioned Support',
        },
      },
    ]);
  });

  it.each<[string, string, string, string | undefined]>([
    ['CEG19LCRN', 'care-service', 'Service: Long Term Support: Residential Care, £969.15 a week, CASSR Commissioned Support', 'service'],
    ['CEENRQ94L', 'care-service', 'Service: Long Term Support: Community – Direct Payment, 10 hours a week (£21.00 an hour)', 'service'],
    ['CEAJP3FUM', 'care-request', 'Request (Discharge from Hospital): Progress to Reablement/ST-Max', undefined],
    ['CECHD8T50', 'care-assessment', 'Assessment: eligible needs, Progress to Support Planning / Services', undefined],
    ['CERCQMNLG', 'care-review', 'Planned review: No change in package', undefined],
    ['CE6QQJB00', 'care-assessment', 'Carer Assessment: eligible needs, Progress to Support Planning / Services', 'carer'],
    ['CE7LIKFOV', 'care-service', 'Service: Carer Support: Direct to Carer – Direct Payment, £28.90 a week', 'carer'],
  ])('titles event %s as %s "%s"', (reference, kind, title, section) => {
    const result = map(event(reference));
    expect(result.issues).toEqual([]);
    const record = eventOf(result);
    expect(record?.timeline).toMatchObject({ kind, title });
    expect(record?.summary?.section).toBe(section);
  });

  it("says a carer's events are an unpaid carer's, for the person cared for, current while their service is open", () => {
    expect(eventOf(map(event('CE6QQJB00')))?.summary).toEqual({ section: 'carer', text: 'Unpaid carer for council person LA2EFG2S2', since: '2023-04-18', active: true });
    expect(eventOf(map(event('CE7LIKFOV')))?.summary).toEqual({
      section: 'carer', text: 'Unpaid carer for council person LA2EFG2S2: Carer Support: Direct to Carer – Direct Payment, £28.90 a week', since: '2023-05-20', active: false,
    });
    expect(eventOf(map(event('CE6QQJB00', { Cared_For_Person: '' })))?.summary?.text).toBe('Unpaid carer');
  });

  it('keys events by the CLD Event ID (DOMAIN.md §3.5 rule 2), so a resubmission with other spellings or references is the same event', () => {
    const service = eventOf(map(event('CEU4BL8Z1')))?.sourceKey;
    expect(service).toBe('Service|E06000999|LATP1IJAG|2025-02-06|Short Term Support: ST-Max|Reablement|CASSR Commissioned Support');
    const resubmitted = event('CEU4BL8Z1', { Event_Reference: 'OTHER1', Service_Type: 'short term support – st-max', Delivery_Mechanism: 'CASSR commissioned support' });
    expect(eventOf(map(resubmitted))?.sourceKey).toBe(service);
    expect(eventOf(map(event('CEAJP3FUM', { Event_Reference: 'OTHER2' })))?.sourceKey).toBe('Request|E06000999|LATP1IJAG|2025-02-06|Discharge from Hospital');
    expect(eventOf(map(event('CECHD8T50')))?.sourceKey).toBe('Assessment|E06000999|LA8D96P1R|2025-01-17|CECHD8T50');
    expect(eventOf(map(event('CECHD8T50', { Event_Reference: 'a|b' })))?.sourceKey).toBe('Assessment|E06000999|LA8D96P1R|2025-01-17|a\\|b');
  });

  it("reads NHS England's spellings of the column names", () => {
    const row = event('CEBCAGYX4');
    const renamed: Row = {};
    for (const [name, value] of Object.entries(row)) {
      renamed[({
        Informal_Carer_Involved_In_Assessment: 'Informal_Carer_involved_in_Assessment',
        Cost_Frequency_Unit_Type: 'Cost_Frequency_(Unit_Type)',
        Planned_Units_Per_Week: 'Planned_units_per_week',
        Event_Type: 'EVENT_TYPE',
      } as Row)[name] ?? name] = value;
    }
    const result = map(renamed);
    expect(result.issues).toEqual([]);
    expect(eventOf(result)?.timeline).toEqual(eventOf(map(row))?.timeline);
  });

  it.each<[string, Row, string, string]>([
    ['Event_Outcome', { Event_Outcome: 'NFA - 100% NHS funded care' }, 'Outcome', 'NFA - 100% NHS-funded care'],
    ['Event_Outcome', { Event_Outcome: 'NFA - Support ended: Other reason' }, 'Outcome', 'NFA - Support ended – other reason'],
    ['Event_Outcome', { Event_Outcome: 'NFA - Self-funded client (Inc. 12wk disregard)' }, 'Outcome', 'NFA - Self-funded client (inc. 12wk disregard)'],
    ['Event_Outcome', { Event_Outcome: 'nfa -  deceased' }, 'Outcome', 'NFA - Deceased'],
    ['Primary_Support_Reason', { Primary_Support_Reason: 'Physical Support – Personal Care Support' }, 'Primary support reason', 'Physical Support: Personal care support'],
    ['Service_Type', { Service_Type: 'Short Term Support—ST-Max' }, 'Service type', 'Short Term Support: ST-Max'],
    ['Delivery_Mechanism', { Delivery_Mechanism: 'cassr  commissioned support' }, 'Delivery mechanism', 'CASSR Commissioned Support'],
    ['Client_Type', { Client_Type: 'SERVICE USER' }, 'Client type', 'Service User'],
    ['Event_Type', { Event_Type: 'service' }, 'Event type', 'Service'],
  ])('takes a variant spelling of %s as the canonical value', (_, change, label, value) => {
    const result = map(event('CEU4BL8Z1', change));
    expect(result.issues).toEqual([]);
    expect(eventOf(result)?.timeline?.detail?.[label]).toBe(value);
  });

  it.each<[string, string, Row, unknown[][], boolean]>([
    ['an unknown Event_Type rejects the event', 'CEU4BL8Z1', { Event_Type: 'Referral' }, [['unknown-code', 'Event_Type', true]], false],
    ['no Event_Type rejects the event', 'CEU4BL8Z1', { Event_Type: '' }, [['missing-value', 'Event_Type', true]], false],
    ['an unknown Service_Type is kept as written', 'CEU4BL8Z1', { Service_Type: 'Long Term Support: Moon Base' }, [['unknown-code', 'Service_Type', false]], true],
    ['an unknown Event_Outcome is kept', 'CEU4BL8Z1', { Event_Outcome: 'Went well' }, [['unknown-code', 'Event_Outcome', false]], true],
    ['an unknown Primary_Support_Reason is kept', 'CEU4BL8Z1', { Primary_Support_Reason: 'Gardening' }, [['unknown-code', 'Primary_Support_Reason', false]], true],
    ['an unknown Delivery_Mechanism is kept', 'CEU4BL8Z1', { Delivery_Mechanism: 'Cash' }, [['unknown-code', 'Delivery_Mechanism', false]], true],
    ['an unknown Client_Type is kept', 'CEU4BL8Z1', { Client_Type: 'Neighbour' }, [['unknown-code', 'Client_Type', false]], true],
    ['an open Request is rejected', 'CEAJP3FUM', { Event_End_Date: '' }, [['open-event', 'Event_End_Date', true]], false],
    ['an open Assessment is rejected', 'CECHD8T50', { Event_End_Date: '' }, [['open-event', 'Event_End_Date', true]], false],
    ['an open Review is rejected', 'CERCQMNLG', { Event_End_Date: '' }, [['open-event', 'Event_End_Date', true]], false],
    ['an open Service is kept', 'CEU4BL8Z1', { Event_End_Date: '', Event_Outcome: '' }, [], true],
    ['an end before the start is rejected', 'CEU4BL8Z1', { Event_End_Date: '2025-01-06' }, [['impossible-date', 'Event_End_Date', true]], false],
    ['an impossible start is rejected', 'CEU4BL8Z1', { Event_Start_Date: '2025-02-29' }, [['impossible-date', 'Event_Start_Date', true]], false],
    ['no start is rejected', 'CEU4BL8Z1', { Event_Start_Date: '' }, [['missing-value', 'Event_Start_Date', true]], false],
    ['an Assessment without a reference is rejected', 'CECHD8T50', { Event_Reference: '' }, [['missing-value', 'Event_Reference', true]], false],
    ['a Service without a type is kept', 'CEU4BL8Z1', { Service_Type: '' }, [['missing-value', 'Service_Type', false]], true],
    ['a unit cost that is not an amount is left out', 'CEU4BL8Z1', { Unit_Cost: '29.555' }, [['invalid-amount', 'Unit_Cost', false]], true],
    ['planned units that are not a number are left out', 'CEU4BL8Z1', { Planned_Units_Per_Week: 'lots' }, [['invalid-number', 'Planned_Units_Per_Week', false]], true],
    ['an invalid NHS number is left out of the person', 'CEU4BL8Z1', { NHS_Number: '9997013043' }, [['invalid-nhs-number', 'NHS_Number', false]], true],
    ['an impossible date of birth rejects the person, not the event', 'CEU4BL8Z1', { Date_of_Birth: '1995-02-30' }, [['impossible-date', 'Date_of_Birth', true]], true],
    ['an unknown Gender is left out of the person', 'CEU4BL8Z1', { Gender: 'Dragon' }, [['unknown-code', 'Gender', false]], true],
  ])('%s', (_, reference, change, issues, kept) => {
    const result = map(event(reference, change));
    expect(issuesOf(result)).toEqual(issues);
    expect(result.issues.every((i) => i.location.file === 'council/cld.csv' && i.location.line === 7)).toBe(true);
    expect(eventOf(result) !== undefined).toBe(kept);
    const person = result.records.find((r) => r.resourceType === 'CldPerson');
    expect(person === undefined).toBe(change.Date_of_Birth !== undefined);
  });

  it('keeps a value not on its list as written, and no council person id rejects the whole row', () => {
    expect(eventOf(map(event('CEU4BL8Z1', { Service_Type: 'Long Term Support: Moon Base' })))?.timeline?.title).toMatch(/^Service: Long Term Support: Moon Base – Reablement/);
    const result = map(event('CEU4BL8Z1', { LA_Person_Unique_Identifier: '' }));
    expect(result.records).toEqual([]);
    expect(issuesOf(result)).toEqual([['missing-value', 'LA_Person_Unique_Identifier', true]]);
  });

  it('reads a unit cost written with a pound sign and thousands', () => {
    const detail = eventOf(map(event('CEG19LCRN', { Unit_Cost: '£1,050.00' })))?.timeline?.detail;
    expect(detail?.['Unit cost (pence)']).toBe('105000');
    expect(detail?.['Unit cost']).toBe('£1,050.00');
  });
});
