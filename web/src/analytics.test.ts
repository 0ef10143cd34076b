import { describe, expect, it } from 'vitest';
import { isPopulation, isPseudonymisedPage, type PseudonymisedPerson, pseudonymisedCsv } from './analytics.js';

const person = (over: Partial<PseudonymisedPerson> = {}): PseudonymisedPerson => ({
  pseudonym: 'P0123456789abcdef0123', ageBand: '85-89', sex: 'female', postcodeDistrict: 'ZQ1', practice: 'Z90001', deceased: false,
  sources: ['gp', 'hospital'], activity: { aeAttendances: 1, admissions: 2, gpContacts: 3, communityVisits: 0, careServices: 0 }, ...over,
});

describe('pseudonymisedCsv', () => {
  it('writes a header and one row a person, unknowns empty, CRLF line ends', () => {
    expect(pseudonymisedCsv([person(), person({ pseudonym: 'P2', ageBand: null, sex: null, postcodeDistrict: null, practice: null, deceased: true, sources: [] })])).toBe(
      'pseudonym,age_band,sex,postcode_district,practice,deceased,sources,ae_attendances,admissions,gp_contacts,community_visits,care_services\r\n'
        + 'P0123456789abcdef0123,85-89,female,ZQ1,Z90001,false,gp;hospital,1,2,3,0,0\r\n'
        + 'P2,,,,,true,,1,2,3,0,0\r\n',
    );
  });

  it.each([
    ['a comma', 'Z9,1', '"Z9,1"'],
    ['a quote', 'Z9"1', '"Z9""1"'],
    ['a formula', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['a leading minus', '-1', "'-1"],
  ])('quotes or defuses a value with %s', (_what, practice, field) => {
    expect(pseudonymisedCsv([person({ practice })])).toContain(`,${field},`);
  });
});

describe('the analytics checks', () => {
  it('accept what the API sends and refuse what it does not', () => {
    expect(isPopulation({ cells: [{ practice: null, ageBand: '0-4', sex: 'male', people: null, aeAttendances: 0, admissions: 10 }], disclosureControl: { suppressBelow: 8, roundTo: 5 } })).toBe(true);
    expect(isPopulation({ cells: [{ practice: 'Z1', people: '5' }], disclosureControl: { suppressBelow: 8, roundTo: 5 } })).toBe(false);
    expect(isPseudonymisedPage({ people: [person()], next: null })).toBe(true);
    expect(isPseudonymisedPage({ people: [{ ...person(), name: 'Ann', activity: {} }], next: null })).toBe(false);
  });
});
