// Guessing at people on each backend: a reader who walks every person id, on every one-person route,
// sees those they have a relationship with and, for everyone else, the same 404 as for an id that
// does not exist; searches of the JSON API and the FHIR API (reads, searches, chains, includes,
// history, totals) never hold or count anyone else, whatever is searched for.
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor, type FhirAnswer } from '../../test/support/fhir.js';
import { localPeople, seedLocality, type Locality, type LocalPerson } from '../../test/support/locality.js';
import { routeTable } from '../platform/index.js';

const nhs = 'https://fhir.nhs.uk/Id/nhs-number';
/** Readers whose relationships cover some of the people, through each kind of reason. */
const readers = ['gp', 'discharge-team', 'social-worker', 'district-nurse'] as const;

interface Entry { resource: { resourceType: string; id: string; identifier?: { system: string; value: string }[]; subject?: { reference: string }; patient?: { reference: string } } }
const entries = (answer: FhirAnswer): Entry[] => (answer.body.entry ?? []) as Entry[];

/** The answer's shape with the id taken out: what must not differ between "no such person" and "not yours to see". */
const shapeOf = (body: Record<string, unknown>, id: number | string): string =>
  JSON.stringify({ ...body, requestId: undefined, instance: undefined }).replace(new RegExp(`(?<![\\w.-])${String(id).replace(/[.]/g, '\\.')}(?![\\w-])`, 'g'), '<id>');

describe.each(backends)('people a reader may not see, on $name', (backend) => {
  const fhir = fhirAppFor(backend);
  let locality: Locality;
  /** Each Patient resource's id, with the person it belongs to (found as the system, which sees everyone). */
  const patients = new Map<string, number>();
  const personOfNhs = (n: string | undefined): number => locality.person[localPeople.find((p) => p.nhsNumber === n)?.key ?? ''] ?? 0;
  beforeAll(async () => {
    if (!backend.available) return;
    const { app, db } = fhir.joinedUp();
    locality = await seedLocality(app, db);
    for (const e of entries(await fhir.request('GET', 'Patient?_count=100'))) {
      patients.set(e.resource.id, personOfNhs(e.resource.identifier?.find((i) => i.system === nhs)?.value));
    }
  }, 120_000);

  const get = async (url: string, role: string) => {
    const response = await fhir.joinedUp().app.inject({ method: 'GET', url, headers: locality.as[role]?.headers ?? {} });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };
  const asReader = (role: string, path: string): Promise<FhirAnswer> => fhir.request('GET', path, undefined, { cookie: locality.as[role]?.headers.cookie ?? '' });
  /** The person each entry is about (a Patient, or what its subject or patient refers to). */
  const peopleIn = (answer: FhirAnswer): number[] => entries(answer).map((e) => {
    const ref = e.resource.resourceType === 'Patient' ? e.resource.id : (e.resource.subject ?? e.resource.patient)?.reference.replace(/^Patient\//, '') ?? '';
    return patients.get(ref) ?? -1;
  });

  it.skipIf(!backend.available)('walks every person id on every one-person route: only the people in a relationship answer, the rest as if they did not exist', async () => {
    // Ten registered with a practice, four in hospital, four known to the council.
    expect(patients.size).toBe(18);
    const routes = routeTable(fhir.joinedUp().app).filter((r) => r.access === 'person-data' && r.methods.includes('GET') && r.url.includes('/people/:id'));
    expect(routes.map((r) => r.url).sort()).toEqual([
      '/api/people/:id', '/api/people/:id/access', '/api/people/:id/care-team', '/api/people/:id/carers', '/api/people/:id/consent', '/api/people/:id/merges', '/api/people/:id/timeline',
    ]);
    const last = Math.max(...locality.personIds) + 3;
    for (const role of readers) {
      const visible = locality.visible(role);
      for (const route of routes) {
        const nothing = await get(route.url.replace(':id', '99999999'), role);
        expect(nothing.status).toBe(404);
        const ok: number[] = [];
        for (let id = 1; id <= last; id++) {
          const answer = await get(route.url.replace(':id', String(id)), role);
          if (answer.status === 200) ok.push(id);
          else {
            expect(answer.status, `${role} ${route.url} ${id}`).toBe(404);
            expect(shapeOf(answer.body, id), `${role} ${route.url} ${id}`).toBe(shapeOf(nothing.body, 99999999));
          }
        }
        expect(ok, `${role} ${route.url}`).toEqual([...visible].sort((a, b) => a - b));
      }
    }
  });

  it.skipIf(!backend.available)('never finds a person the reader may not see, by name, NHS number, date of birth or postcode', async () => {
    const queriesFor = (p: LocalPerson): string[] => [
      p.family, p.given, `${p.given} ${p.family}`, `${p.family} ${p.given}`, `${p.given} ${p.family.slice(0, -1)}e`, p.nhsNumber,
      `${p.nhsNumber.slice(0, 3)} ${p.nhsNumber.slice(3, 6)} ${p.nhsNumber.slice(6)}`, p.birthDate, p.birthDate.split('-').reverse().join('/'),
      p.postcode, p.postcode.replace(' ', ''), p.postcode.toLowerCase(), p.postcode.slice(0, -2),
    ];
    for (const role of readers) {
      const visible = locality.visible(role);
      const found = new Set<number>();
      for (const p of localPeople) {
        for (const q of queriesFor(p)) {
          const answer = await get(`/api/people?q=${encodeURIComponent(q)}&limit=100`, role);
          expect(answer.status, q).toBe(200);
          const ids = (answer.body.results as { id: string }[]).map((r) => Number(r.id));
          expect(ids.filter((id) => !visible.has(id)), `${role} searching "${q}"`).toEqual([]);
          for (const id of ids) found.add(id);
        }
      }
      // The searches do find the people they may see.
      expect([...found].sort(), role).toEqual([...visible].sort());
    }
  });

  it.skipIf(!backend.available)('answers a FHIR read of a person the reader may not see as if there were no such resource', async () => {
    const nothing = await asReader('social-worker', 'Patient/no-such-patient');
    expect(nothing.status).toBe(404);
    for (const role of readers) {
      const visible = locality.visible(role);
      for (const [id, person] of patients) {
        const read = await asReader(role, `Patient/${id}`);
        const vread = await asReader(role, `Patient/${id}/_history/1`);
        const everything = await asReader(role, `Patient/${id}/$everything`);
        if (visible.has(person)) {
          expect([read.status, vread.status, everything.status], `${role} Patient/${id}`).toEqual([200, 200, 200]);
        } else {
          expect([read.status, vread.status, everything.status], `${role} Patient/${id}`).toEqual([404, 404, 404]);
          expect(shapeOf(read.body, id)).toBe(shapeOf(nothing.body, 'no-such-patient'));
        }
      }
    }
  });

  it.skipIf(!backend.available)('keeps FHIR searches, chains, includes, history and totals to the people the reader may see', async () => {
    for (const role of readers) {
      const visible = locality.visible(role);
      const outside = (answer: FhirAnswer, what: string): void => {
        expect(answer.status, `${role} ${what}: ${answer.text.slice(0, 300)}`).toBe(200);
        expect(peopleIn(answer).filter((p) => !visible.has(p)), `${role} ${what}`).toEqual([]);
      };
      const visiblePatients = [...patients.values()].filter((p) => visible.has(p)).length;
      const all = await asReader(role, 'Patient?_count=100&_total=accurate');
      outside(all, 'Patient');
      expect(all.body.total, role).toBe(visiblePatients);
      expect(entries(all)).toHaveLength(visiblePatients);
      expect((await asReader(role, 'Patient?_summary=count')).body.total).toBe(visiblePatients);
      for (const p of localPeople) {
        const person = locality.person[p.key] ?? 0;
        const searches = [
          `Patient?family=${p.family}`, `Patient?name=${p.given}`, `Patient?identifier=${encodeURIComponent(`${nhs}|${p.nhsNumber}`)}`, `Patient?identifier=${p.nhsNumber}`,
          `Patient?birthdate=${p.birthDate}`, `Patient?address-postalcode=${encodeURIComponent(p.postcode)}`, `Patient?_id=${[...patients].filter(([, v]) => v === person).map(([k]) => k).join(',')}`,
          `Encounter?subject.family=${p.family}`, `EpisodeOfCare?patient.identifier=${p.nhsNumber}`,
          ...[...patients].filter(([, v]) => v === person).flatMap(([id]) => [`Encounter?subject=Patient/${id}`, `Encounter?patient=${id}`, `EpisodeOfCare?patient=Patient/${id}`, `Patient/${id}/_history`]),
        ];
        for (const search of searches) {
          const answer = await asReader(role, search.includes('?') ? `${search}&_total=accurate` : search);
          outside(answer, search);
          if (!visible.has(person) && answer.body.total !== undefined) expect(answer.body.total, `${role} ${search}`).toBe(0);
          // And what they may see is found.
          if (visible.has(person) && /^Patient\?(family|identifier|birthdate)=/.test(search)) expect(entries(answer).length, `${role} ${search}`).toBeGreaterThan(0);
        }
      }
      const withSubjects = await asReader(role, 'Encounter?_include=Encounter:subject&_count=100');
      outside(withSubjects, 'Encounter with its subjects');
      if (role === 'discharge-team') expect(entries(withSubjects).filter((e) => e.resource.resourceType === 'Patient').length).toBe(3);
      outside(await asReader(role, 'EpisodeOfCare?_include=EpisodeOfCare:patient&_count=100'), 'EpisodeOfCare with its patients');
      outside(await asReader(role, 'Patient?_revinclude=Encounter:subject&_revinclude=EpisodeOfCare:patient&_count=100'), 'Patients with their encounters and episodes');
      outside(await asReader(role, 'Patient/_history?_count=100'), 'Patient history');
      outside(await asReader(role, '_history?_count=100'), 'the whole history');
    }
  });
});
