/**
 * A small place for access tests: three organisations running the gp, hospital and council systems,
 * three people and the staff of each, signed in. Ann is registered at Bay Practice and in hospital
 * now; Bill is registered there too, and the council's episode with him ended two years ago; Cara is
 * registered elsewhere and the council works with her now. `extra` adds records to a source's file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOrganisation } from '../../src/access/index.js';
import type { JoinedUp } from '../../src/joinedup.js';
import { importFile } from '../../src/record/index.js';
import { signedInAs, type TestSession } from './access.js';

const work = mkdtempSync(path.join(tmpdir(), 'joinedup-bay-'));
const ndjson = (name: string, resources: readonly object[]): string => {
  const file = path.join(work, `${name}-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, resources.map((r) => JSON.stringify(r)).join('\n'));
  return file;
};
const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
const ods = 'https://fhir.nhs.uk/Id/ods-organization-code';

export const bayNhsNumbers = { ann: '9434765919', bill: '9990000018', cara: '9434765870' } as const;

export const bayPatient = (id: string, given: string, family: string, nhsNumber: string, practice?: string) => ({
  resourceType: 'Patient', id, identifier: [{ system: nhs, value: nhsNumber }], name: [{ family, given: [given] }], birthDate: '1940-01-01', gender: 'female',
  ...(practice ? { generalPractitioner: [{ identifier: { system: ods, value: practice } }] } : {}),
});

export const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export type BayStaff = 'gp' | 'discharge' | 'social' | 'commissioner' | 'ig';

export interface Bay {
  ids: Record<'ann' | 'bill' | 'cara', number>;
  as: Record<BayStaff, TestSession>;
  get: (url: string, who?: TestSession) => Promise<{ status: number; body: Record<string, unknown> }>;
  post: (url: string, body: unknown, who: TestSession) => Promise<{ status: number; body: Record<string, unknown> }>;
}

export async function seedBay(joinedUp: JoinedUp, extra: { gp?: object[]; hospital?: object[]; council?: object[] } = {}): Promise<Bay> {
  const { db, app } = joinedUp;
  const { ann, bill, cara } = bayNhsNumbers;
  await createOrganisation(db, { id: 'bay-practice', name: 'Bay Practice', kind: 'gp-practice', odsCode: 'Z90001', sources: ['gp'] });
  await createOrganisation(db, { id: 'bay-hospital', name: 'Bay Hospital', kind: 'nhs-trust', sources: ['hospital'] });
  await createOrganisation(db, { id: 'bay-council', name: 'Bay Council', kind: 'council', sources: ['council'] });
  await importFile(db, {
    sourceId: 'gp',
    file: ndjson('gp', [bayPatient('g1', 'Ann', 'Arden', ann, 'Z90001'), bayPatient('g2', 'Bill', 'Brook', bill, 'Z90001'), bayPatient('g3', 'Cara', 'Cole', cara, 'Z90002'), ...(extra.gp ?? [])]),
  });
  await importFile(db, {
    sourceId: 'hospital',
    file: ndjson('hospital', [
      bayPatient('h1', 'Ann', 'Arden', ann),
      { resourceType: 'Encounter', id: 'e1', status: 'in-progress', class: { code: 'IMP' }, subject: { reference: 'Patient/h1' }, period: { start: daysAgo(2) } },
      ...(extra.hospital ?? []),
    ]),
  });
  await importFile(db, {
    sourceId: 'council',
    file: ndjson('council', [
      bayPatient('c2', 'Bill', 'Brook', bill), bayPatient('c3', 'Cara', 'Cole', cara),
      { resourceType: 'EpisodeOfCare', id: 'ep2', status: 'finished', patient: { reference: 'Patient/c2' }, period: { start: daysAgo(900), end: daysAgo(730) } },
      { resourceType: 'EpisodeOfCare', id: 'ep3', status: 'active', patient: { reference: 'Patient/c3' }, period: { start: daysAgo(30) } },
      ...(extra.council ?? []),
    ]),
  });
  const { rows } = await db.query<{ nhs_number: string; person_id: number }>('SELECT DISTINCT nhs_number, person_id FROM people.identity');
  const person = (n: string): number => rows.find((r) => r.nhs_number === n)?.person_id ?? 0;
  const as: Record<BayStaff, TestSession> = {
    gp: await signedInAs(app, db, { role: 'gp', name: 'Dr Ada Okafor', organisationId: 'bay-practice' }),
    discharge: await signedInAs(app, db, { role: 'discharge-team', name: 'Lee Harris', organisationId: 'bay-hospital' }),
    social: await signedInAs(app, db, { role: 'social-worker', name: 'Sam Clarke', organisationId: 'bay-council' }),
    commissioner: await signedInAs(app, db, { role: 'commissioner', organisationId: 'bay-icb', organisationKind: 'icb' }),
    ig: await signedInAs(app, db, { role: 'ig-lead', name: 'Imran Qureshi', organisationId: 'bay-icb', organisationKind: 'icb' }),
  };
  return {
    ids: { ann: person(ann), bill: person(bill), cara: person(cara) },
    as,
    async get(url, who) {
      const response = await app.inject({ method: 'GET', url, headers: who?.headers ?? {} });
      return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
    },
    async post(url, body, who) {
      const response = await app.inject({ method: 'POST', url, payload: body as object, headers: { ...who.headers, 'content-type': 'application/json' } });
      return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
    },
  };
}
