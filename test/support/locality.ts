/**
 * A small seeded locality for access tests: four organisations (a GP practice, a hospital, a council
 * and a community provider), twelve people held by their systems, and a signed-in account of every
 * staff role. Who may see whom is decided by the records themselves (registration, open and recent
 * care) plus one care-team relationship each; `visible` says, by construction, whom each account
 * should see, so tests can compare what the API answers against it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOrganisation, roles } from '../../src/access/index.js';
import { nhsNumberCheckDigit } from '../../src/people/index.js';
import { importFile } from '../../src/record/index.js';
import type { App, Db } from '../../src/platform/index.js';
import { onCareTeamOf, signedInAs, type TestSession } from './access.js';

const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
const ods = 'https://fhir.nhs.uk/Id/ods-organization-code';

export interface LocalPerson {
  key: string;
  given: string;
  family: string;
  nhsNumber: string;
  birthDate: string;
  postcode: string;
  /** The GP practice they are registered with (ODS code), if any. */
  practice?: string;
}

/** Twelve people, each with a different name, NHS number, birth date and postcode, so that any one of them can be searched for alone. */
export const localPeople: readonly LocalPerson[] = [
  ['ann', 'Ann', 'Arden', 'Z90001'], ['bill', 'Bill', 'Brook', 'Z90001'], ['cara', 'Cara', 'Cole', 'Z90002'], ['dev', 'Dev', 'Dale', 'Z90002'],
  ['eve', 'Eve', 'Ennis', 'Z90002'], ['fay', 'Fay', 'Ford', 'Z90002'], ['gus', 'Gus', 'Grant', 'Z90002'], ['hal', 'Hal', 'Hart', undefined],
  ['ida', 'Ida', 'Ivo', undefined], ['jo', 'Jo', 'Jones', 'Z90001'], ['kit', 'Kit', 'Kay', 'Z90003'], ['lu', 'Lu', 'Lam', 'Z90003'],
].map(([key, given, family, practice], i) => ({
  key: key ?? '', given: given ?? '', family: family ?? '', nhsNumber: validNhsNumber(943_476_500 + i * 7),
  birthDate: `19${40 + i}-0${1 + (i % 9)}-1${i % 10}`, postcode: `BA${i + 1} ${(i % 9) + 1}QT`, ...(practice ? { practice } : {}),
}));

function validNhsNumber(start: number): string {
  for (let n = start; ; n++) {
    const check = nhsNumberCheckDigit(String(n));
    if (check !== undefined) return `${n}${check}`;
  }
}

/** Which organisation each staff role works for here (commissioners and IG leads at the ICB, the administrator at none). */
export const organisationOfRole: Readonly<Record<string, string | null>> = {
  gp: 'bay-practice', 'practice-nurse': 'bay-practice', 'discharge-team': 'bay-hospital', 'social-worker': 'bay-council',
  'district-nurse': 'bay-community', 'occupational-therapist': 'bay-community', 'care-coordinator': 'bay-community', 'home-care-provider': 'bay-community',
  commissioner: 'bay-icb', 'ig-lead': 'bay-icb', administrator: null, person: null, carer: null,
};

/** Whom each organisation's records open to it (registration, care open or ended within 365 days), before care teams. */
const seenByOrganisation: Readonly<Record<string, readonly string[]>> = {
  'bay-practice': ['ann', 'bill', 'jo'],
  'bay-hospital': ['dev', 'ida', 'jo'],
  'bay-council': ['cara', 'eve', 'hal'],
  'bay-community': [],
};
/** Every care account (and the carer) is also on Kit's care team; no one has any relationship with Fay or Lu (but Fay has her own account). */
const careTeamOfAll = 'kit';
const ownAccountOf = 'fay';

export interface Locality {
  /** Person id of each person, by key. */
  person: Readonly<Record<string, number>>;
  /** Every person id held. */
  personIds: readonly number[];
  /** The signed-in account of each staff role. */
  as: Readonly<Record<string, TestSession>>;
  /** The person ids an account of this role should see (empty for roles that read no records). */
  visible(role: string): ReadonlySet<number>;
}

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

const patientOf = (p: LocalPerson, id: string, withPractice: boolean) => ({
  resourceType: 'Patient', id, identifier: [{ system: nhs, value: p.nhsNumber }], name: [{ family: p.family, given: [p.given] }], birthDate: p.birthDate,
  gender: 'female', address: [{ line: ['1 High Street'], postalCode: p.postcode }],
  ...(withPractice && p.practice ? { generalPractitioner: [{ identifier: { system: ods, value: p.practice } }] } : {}),
});

/** Seeds the locality into the app's database and signs in one account of every staff role. */
export async function seedLocality(app: App, db: Db): Promise<Locality> {
  const work = mkdtempSync(path.join(tmpdir(), 'joinedup-locality-'));
  const ndjson = (name: string, resources: readonly object[]): string => {
    const file = path.join(work, `${name}.ndjson`);
    writeFileSync(file, resources.map((r) => JSON.stringify(r)).join('\n'));
    return file;
  };
  const by = (key: string): LocalPerson => localPeople.find((p) => p.key === key) ?? localPeople[0] as LocalPerson;
  await createOrganisation(db, { id: 'bay-practice', name: 'Bay Practice', kind: 'gp-practice', odsCode: 'Z90001', sources: ['gp'] });
  await createOrganisation(db, { id: 'bay-hospital', name: 'Bay Hospital', kind: 'nhs-trust', sources: ['hospital'] });
  await createOrganisation(db, { id: 'bay-council', name: 'Bay Council', kind: 'council', sources: ['council'] });
  await createOrganisation(db, { id: 'bay-community', name: 'Bay Community Health', kind: 'community-provider' });
  await createOrganisation(db, { id: 'bay-icb', name: 'Bay ICB', kind: 'icb' });

  await importFile(db, { sourceId: 'gp', file: ndjson('gp', localPeople.filter((p) => p.practice).map((p) => patientOf(p, `g-${p.key}`, true))) });
  // What the hospital knows of each of its patients: a pulse, a diagnosis and a referral.
  const clinical = (key: string): object[] => [
    { resourceType: 'Observation', id: `o-${key}`, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, subject: { reference: `Patient/h-${key}` },
      effectiveDateTime: `${daysAgo(2)}T09:00:00Z`, valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' } },
    { resourceType: 'Condition', id: `d-${key}`, code: { coding: [{ system: 'http://snomed.info/sct', code: '22298006', display: 'Heart attack' }] }, subject: { reference: `Patient/h-${key}` },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, recordedDate: daysAgo(3) },
    // Gus's referral was completed with his stay, over a year ago (an open one would be a relationship).
    { resourceType: 'ServiceRequest', id: `s-${key}`, status: key === 'gus' ? 'completed' : 'active', intent: 'order', subject: { reference: `Patient/h-${key}` },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '183524004', display: 'Referral to community nursing' }] }, authoredOn: daysAgo(key === 'gus' ? 420 : 1) },
  ];
  const encounter = (id: string, key: string, start: number, end?: number) => ({
    resourceType: 'Encounter', id, status: end === undefined ? 'in-progress' : 'finished', class: { code: 'IMP' }, subject: { reference: `Patient/h-${key}` },
    period: { start: daysAgo(start), ...(end !== undefined ? { end: daysAgo(end) } : {}) },
  });
  await importFile(db, {
    sourceId: 'hospital',
    file: ndjson('hospital', [
      ...['dev', 'gus', 'ida', 'jo'].map((k) => patientOf(by(k), `h-${k}`, false)),
      encounter('e-dev', 'dev', 3), encounter('e-gus', 'gus', 420, 400), encounter('e-ida', 'ida', 20, 10), encounter('e-jo', 'jo', 1),
      ...['dev', 'gus', 'ida', 'jo'].flatMap((k) => clinical(k)),
    ]),
  });
  const episode = (key: string, start: number, end?: number) => ({
    resourceType: 'EpisodeOfCare', id: `ep-${key}`, status: end === undefined ? 'active' : 'finished', patient: { reference: `Patient/c-${key}` },
    period: { start: daysAgo(start), ...(end !== undefined ? { end: daysAgo(end) } : {}) },
  });
  await importFile(db, {
    sourceId: 'council',
    file: ndjson('council', [
      ...['bill', 'cara', 'eve', 'hal'].map((k) => patientOf(by(k), `c-${k}`, false)),
      episode('bill', 900, 730), episode('cara', 30), episode('eve', 300, 100), episode('hal', 5),
    ]),
  });

  const { rows } = await db.query<{ nhs_number: string; person_id: string }>('SELECT DISTINCT nhs_number, person_id::text FROM people.identity');
  const person: Record<string, number> = {};
  for (const p of localPeople) {
    const ids = new Set(rows.filter((r) => r.nhs_number === p.nhsNumber).map((r) => Number(r.person_id)));
    if (ids.size !== 1) throw new Error(`${p.key} should be one person, is ${ids.size}`);
    person[p.key] = [...ids][0] ?? 0;
  }

  const as: Record<string, TestSession> = {};
  // The person's own account is Lu's (whom no one else may see); the carer's has been given no one's record.
  const { rows: own } = await db.query<{ id: number }>('SELECT min(id) AS id FROM people.identity WHERE person_id = $1', [person[ownAccountOf] ?? 0]);
  for (const role of roles) {
    const organisationId = organisationOfRole[role] ?? null;
    const session = await signedInAs(app, db, { role, name: `Bay ${role}`, organisationId, ...(role === 'person' ? { identityId: own[0]?.id ?? 0 } : {}) });
    as[role] = session;
    if ((organisationId !== null && organisationId in seenByOrganisation) || role === 'carer') await onCareTeamOf(db, session.accountId, [person[careTeamOfAll] ?? 0]);
  }
  const visible = (role: string): ReadonlySet<number> => {
    if (role === 'person') return new Set([person[ownAccountOf] ?? 0]);
    if (role === 'carer') return new Set([person[careTeamOfAll] ?? 0]);
    const organisationId = organisationOfRole[role];
    const seen = organisationId ? seenByOrganisation[organisationId] : undefined;
    if (seen === undefined) return new Set();
    return new Set([...seen, careTeamOfAll].map((k) => person[k] ?? 0));
  };
  return { person, personIds: Object.values(person).sort((a, b) => a - b), as, visible };
}
