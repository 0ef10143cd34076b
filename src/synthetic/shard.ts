/**
 * One shard of the place, from households to finished output text: moves, lives, unpaid carers, the
 * council's events, each source system's (imperfect) copy of the people it knows, every output row
 * and the shard's calibration tally. A shard depends only on the options, the place and its index, so
 * shards can be made in any order on any thread and still join into byte-identical files.
 */
import { isoDate } from './calendar.js';
import { CalibrationCounter, type CalibrationTally } from './calibration.js';
import { gpBundle, gpBundlesPath, type GpCodes } from './gp-bundle.js';
import { opaqueId, stableUuid } from './ids.js';
import { simulateLife, type Life, type LifeContext } from './life.js';
import type { AddressSpell, CaringRole, History, Person, SourceIdentity, SourceSystem } from './model.js';
import { syntheticNhsNumber, syntheticNhsNumberCapacity } from './nhs-numbers.js';
import type { SynthOptions } from './options.js';
import {
  communityContacts, communityPatients, councilCld, councilPeople, hospitalAeAttendances, hospitalOutpatients, hospitalPatients,
  hospitalSpells, truthAddresses, truthCarers, truthPeople, truthRisk, truthSourceRecords, type CldSubmission,
} from './output-files.js';
import type { Place } from './place.js';
import { buildShard, periodBounds, type Resident, type Shard } from './population.js';
import { Random } from './random.js';
import { conditionDefinition, conditionList } from './reference/conditions.js';
import { ethnicGroups } from './reference/ethnicity.js';
import { medicationDefinition } from './reference/medications.js';
import { sourceCopies } from './source-copies.js';

export interface ShardOutput {
  readonly index: number;
  /** Text to append to each output file, keyed by path. */
  readonly chunks: Record<string, string>;
  readonly tally: CalibrationTally;
  /** People living in each neighbourhood at the start of the period. */
  readonly population: readonly number[];
}

const gpCodes: GpCodes = {
  condition: conditionDefinition,
  medication: medicationDefinition,
  ethnicCategory: (i) => ethnicGroups[i]?.nhsCode ?? 'Z',
};

const sourceKeys: Record<SourceSystem, number> = { gp: 21, hospital: 22, community: 23, council: 24 };
const sourcePrefix: Record<SourceSystem, string> = { gp: 'G', hospital: 'RZQ', community: 'C', council: 'LA' };

/** The period and yearly boundaries for these options. */
export function lifeContext(options: SynthOptions, place: Place): LifeContext {
  const { start, end } = periodBounds(options.start, options.years);
  const yearStarts = Array.from({ length: options.years + 1 }, (_, y) => (y === options.years ? end : periodBounds(options.start, y).end));
  return { seed: options.seed, start, end, yearStarts, place };
}

/** The people of one shard, with everything that happened to them, before any source's copy is made. */
export interface SimulatedShard {
  readonly ctx: LifeContext;
  readonly shard: Shard;
  readonly lives: readonly Life[];
  readonly roles: readonly CaringRole[];
  readonly people: readonly Person[];
  readonly histories: readonly History[];
}

/** Simulates shard `index`: households, moves, lives, unpaid carers and the council's events. */
export function simulateShard(options: SynthOptions, place: Place, index: number): SimulatedShard {
  const ctx = lifeContext(options, place);
  const shard = buildShard({ seed: options.seed, people: options.people, start: ctx.start, end: ctx.end, olderShare: options.olderShare, place }, index);
  householdMoves(shard, ctx);
  const lives = shard.residents.map((resident) => simulateLife(ctx, resident));
  const roles = unpaidCarers(shard, lives, ctx);

  const histories: History[] = lives.map((life) => {
    const careEvents = life.socialCare.finish(life.death);
    return {
      conditions: conditionList.flatMap((c, i) => ((life.onsets[i] ?? -1e6) > -1e6 && (life.onsets[i] ?? 0) < ctx.end ? [{ condition: c.key, onset: isoDate(life.onsets[i] ?? 0) }] : [])),
      medications: [...life.medications].filter(([, m]) => m.start < ctx.end).map(([medication, m]) => ({ medication, start: isoDate(m.start), ...(m.end !== undefined && m.end < ctx.end ? { end: isoDate(m.end) } : {}) })),
      gpConsultations: life.gpConsultations, aeAttendances: life.aeAttendances.sort(byField('arrival')), spells: life.spells, outpatients: life.outpatients.sort(byField('date')),
      communityContacts: life.communityContacts.sort(byField('date')), careEvents, risk: life.risk,
      ...(careEvents.length > 0 ? { socialCare: life.socialCare.personFields(life.death) } : {}),
    };
  });
  const people = lives.map((life) => toPerson(life.resident, life.death, ctx.end));
  return { ctx, shard, lives, roles, people, histories };
}

/** Generates shard `index` completely. */
export function generateShard(options: SynthOptions, place: Place, index: number): ShardOutput {
  const { ctx, shard, lives, roles, people, histories } = simulateShard(options, place, index);
  const carerIds = new Set(roles.map((role) => role.carerId));
  const out = new Chunks();
  const counter = new CalibrationCounter({ start: isoDate(ctx.start), end: isoDate(ctx.end) }, place.practices.map((p) => p.code), place.careHomes.map((h) => h.code));
  const councilIds = new Map<string, string>();
  const copies = people.map((person, i) => sourceRecords(options, shard, person, histories[i] as History, lives[i] as Life, ctx));
  copies.forEach((c) => { const first = c.council[0]; if (first) councilIds.set(first.personId, first.localId); });
  const submission: CldSubmission = {
    la: { code: place.council.code, name: place.council.name },
    period: { start: isoDate(ctx.start), end: isoDate(ctx.end - 1) },
    laPersonIdOf: (personId) => councilIds.get(personId),
  };

  people.forEach((person, i) => {
    const history = histories[i] as History;
    const records = copies[i] as SourceCopies;
    const r = Random.stream(options.seed, 'split', person.index);
    const pickId = (list: readonly SourceIdentity[]): string => (list.length > 1 && r.chance(0.3) ? list[1 + r.int(0, list.length - 2)]?.localId : list[0]?.localId) ?? '';
    out.add(truthPeople.path, truthPeople.line(person, ethnicGroups[person.ethnicity]?.label ?? ''));
    for (const spell of person.addresses) out.add(truthAddresses.path, truthAddresses.line(person.id, spell));
    for (const year of history.risk) out.add(truthRisk.path, truthRisk.line(person.id, year));
    records.gp.forEach((identity, k) => {
      const practice = place.practices.find((p) => p.code === person.practice);
      const own = k === 0 ? history : { ...emptyHistory, conditions: [], risk: [] };
      out.add(gpBundlesPath, `${gpBundle({ identity, person, history: own, practice: { code: person.practice, name: practice?.name ?? '' }, uuid: (kind, n) => stableUuid(options.seed, person.index, k, kindCode(kind), n) }, gpCodes)}\n`);
    });
    for (const identity of records.hospital) out.add(hospitalPatients.path, hospitalPatients.line(identity));
    if (records.hospital.length > 0) {
      for (const spell of history.spells) out.add(hospitalSpells.path, hospitalSpells.line(pickId(records.hospital), spell));
      for (const ae of history.aeAttendances) out.add(hospitalAeAttendances.path, hospitalAeAttendances.line(pickId(records.hospital), ae));
      for (const op of history.outpatients) out.add(hospitalOutpatients.path, hospitalOutpatients.line(pickId(records.hospital), op));
    }
    for (const identity of records.community) out.add(communityPatients.path, communityPatients.line(identity));
    if (records.community.length > 0) for (const contact of history.communityContacts) out.add(communityContacts.path, communityContacts.line(pickId(records.community), contact));
    for (const identity of records.council) out.add(councilPeople.path, councilPeople.line(identity));
    if (records.council.length > 0) {
      for (const event of history.careEvents) {
        const record = records.council.find((c) => c.localId === pickId(records.council)) ?? records.council[0];
        if (record) out.add(councilCld.path, councilCld.line(submission, { record, ethnicity: cldEthnicity(person, r), ...(history.socialCare ? { socialCare: history.socialCare } : {}) }, event));
      }
    }
    for (const identity of [...records.gp, ...records.hospital, ...records.community, ...records.council]) {
      out.add(truthSourceRecords.path, truthSourceRecords.line(identity));
      counter.addSourceRecord(identity, person.nhsNumber);
    }
    counter.addPerson(person, history, carerIds.has(person.id));
  });
  for (const role of roles) out.add(truthCarers.path, truthCarers.line(role));
  const population = place.neighbourhoods.map(() => 0);
  for (const resident of shard.residents) {
    const home = [...resident.addresses].reverse().find((a) => a.from <= ctx.start) ?? resident.addresses[0];
    const hood = home?.address.neighbourhood ?? 0;
    population[hood] = (population[hood] ?? 0) + 1;
  }
  return { index, chunks: out.chunks, tally: counter.tally, population };
}

const emptyHistory: History = { conditions: [], medications: [], gpConsultations: [], aeAttendances: [], spells: [], outpatients: [], communityContacts: [], careEvents: [], risk: [] };
const kinds = ['Patient', 'Condition', 'MedicationStatement', 'Encounter'];
const kindCode = (kind: string): number => (kinds.indexOf(kind) + 1) * 7919 + kind.length;

function byField<K extends string>(field: K): (a: Record<K, string>, b: Record<K, string>) => number {
  return (a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0);
}

/** The council records ethnicity less completely than the GP (CLD has explicit "No data" values). */
function cldEthnicity(person: Person, r: Random): string {
  const u = r.float();
  if (u < 0.04) return 'No data - Undeclared or Not known';
  if (u < 0.05) return 'No data - Refused';
  return ethnicGroups[person.ethnicity]?.label ?? 'No data - Undeclared or Not known';
}

class Chunks {
  readonly chunks: Record<string, string> = {};
  add(path: string, text: string): void {
    this.chunks[path] = (this.chunks[path] ?? '') + text;
  }
}

function toPerson(resident: Resident, death: number | undefined, end: number): Person {
  const addresses: AddressSpell[] = resident.addresses.map((a) => ({ from: isoDate(a.from), ...(a.to !== undefined ? { to: isoDate(a.to) } : {}), address: a.address }));
  return {
    id: resident.id, index: resident.index, householdId: resident.householdId, sex: resident.sex, forename: resident.forename,
    ...(resident.middleName ? { middleName: resident.middleName } : {}), surname: resident.surname, birthSurname: resident.birthSurname,
    ...(resident.surnameChanged !== undefined ? { surnameChanged: isoDate(resident.surnameChanged) } : {}),
    dateOfBirth: isoDate(resident.born), ethnicity: resident.ethnicity, nhsNumber: resident.nhsNumber, practice: resident.practice, addresses,
    ...(death !== undefined && death < end ? { dateOfDeath: isoDate(death) } : {}), ...(resident.phone ? { phone: resident.phone } : {}),
  };
}

/** Households that move house during the period (about 9% of younger and 4% of older households a year). */
function householdMoves(shard: Shard, ctx: LifeContext): void {
  shard.households.forEach((household, h) => {
    const first = shard.residents[household.members[0] ?? -1];
    if (!first || first.careHomeAtStart) return;
    const r = Random.stream(ctx.seed, 'moves', shard.index, h);
    for (let y = 0; y + 1 < ctx.yearStarts.length; y++) {
      if (!r.chance(household.older ? 0.04 : 0.09)) continue;
      const ys = ctx.yearStarts[y] ?? ctx.start;
      const day = ys + r.int(0, (ctx.yearStarts[y + 1] ?? ctx.end) - ys - 1);
      const hood = ctx.place.neighbourhoods[r.weightedIndex(ctx.place.neighbourhoodWeights)];
      const street = r.pick(hood?.streets ?? []);
      const address = { line1: `${r.int(1, 140)} ${street.name}`, town: hood?.town ?? '', postcode: street.postcode, neighbourhood: hood?.index ?? 0 };
      for (const m of household.members) {
        const spells = shard.residents[m]?.addresses;
        const last = spells?.[spells.length - 1];
        if (!spells || !last || last.from >= day) continue;
        last.to = day;
        spells.push({ from: day, address });
      }
    }
  });
}

/**
 * Unpaid carers: a partner at home, and often a son, daughter or friend elsewhere in the place, for
 * people whose needs are high (DOMAIN.md §11: about 1 in 10 adults is an unpaid carer).
 */
function unpaidCarers(shard: Shard, lives: readonly Life[], ctx: LifeContext): CaringRole[] {
  const r = Random.stream(ctx.seed, 'carers', shard.index);
  const roles: CaringRole[] = [];
  const load = new Map<number, number>();
  const adults = shard.residents.filter((p) => ctx.start - p.born >= 18 * 365.25 && ctx.start - p.born < 80 * 365.25 && !p.careHomeAtStart);
  lives.forEach((life) => {
    const person = life.resident;
    const age = (ctx.start - person.born) / 365.25;
    const needs = (age >= 18 && (life.efiAtStart >= 8 || life.socialCare.events.some((e) => e.type === 'Service'))) || (age < 65 && age >= 5 && life.efiAtStart >= 4 && r.chance(0.3));
    if (!needs || person.careHomeAtStart) return;
    const from = ctx.start - r.int(60, 3_000);
    const add = (carer: Resident, relationship: CaringRole['relationship'], hours: number): void => {
      if (carer.index === person.index || (load.get(carer.index) ?? 0) >= 2) return;
      load.set(carer.index, (load.get(carer.index) ?? 0) + 1);
      roles.push({ carerId: carer.id, caredForId: person.id, relationship, from: isoDate(Math.max(from, carer.born + Math.round(18 * 365.25))), hoursPerWeek: hours });
      const carerLife = lives[carer.index - (shard.residents[0]?.index ?? 0)];
      if (life.socialCare.events.length > 0) {
        life.socialCare.hasUnpaidCarer = 'Yes';
        if (carerLife && r.chance(0.3)) carerLife.socialCare.carerSupport(from, person.id);
      }
    };
    const partner = person.partner !== undefined ? shard.residents[person.partner] : undefined;
    if (partner && !partner.careHomeAtStart && ctx.start - partner.born >= 18 * 365.25 && r.chance(0.75)) add(partner, 'spouse or partner', r.int(20, 60));
    if (adults.length > 0 && r.chance(0.45)) {
      const other = adults[r.int(0, adults.length - 1)] as Resident;
      const gap = (other.born - person.born) / 365.25;
      add(other, gap >= 18 && gap <= 45 ? 'son or daughter' : gap <= -18 ? 'parent' : r.chance(0.5) ? 'other relative' : 'friend or neighbour', r.int(5, 25));
    }
  });
  lives.forEach((life) => {
    if (life.socialCare.events.length > 0 && life.socialCare.hasUnpaidCarer === 'Unknown' && r.chance(0.7)) life.socialCare.hasUnpaidCarer = 'No';
  });
  return roles;
}

interface SourceCopies {
  readonly gp: SourceIdentity[];
  readonly hospital: SourceIdentity[];
  readonly community: SourceIdentity[];
  readonly council: SourceIdentity[];
}

/** Each source's copies of a person: GP for everyone, the others for the people they saw. */
function sourceRecords(options: SynthOptions, shard: Shard, person: Person, history: History, life: Life, ctx: LifeContext): SourceCopies {
  const r = Random.stream(options.seed, 'sources', person.index);
  const capacity = syntheticNhsNumberCapacity();
  const household = shard.households[life.resident.household]?.members ?? [];
  const otherNhsNumbers = household.map((m) => shard.residents[m]?.nhsNumber ?? '').filter((n) => n && n !== person.nhsNumber);
  const last = (dates: readonly string[]): string | undefined => dates.reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
  const copiesFor = (source: SourceSystem, recordedOn: string | undefined): SourceIdentity[] =>
    recordedOn === undefined ? [] : sourceCopies({
      person, source, rates: options.sourceErrors[source], random: r, recordedOn,
      localId: (k) => opaqueId(sourcePrefix[source], sourceKeys[source], person.index, k),
      otherNhsNumbers, anyNhsNumber: () => syntheticNhsNumber(r.int(0, capacity - 1)),
    });
  const endIso = isoDate(ctx.end - 1);
  const hospitalDates = [...history.spells.map((s) => s.admissionDate), ...history.aeAttendances.map((a) => a.arrival), ...history.outpatients.map((o) => o.date)];
  return {
    gp: copiesFor('gp', person.dateOfDeath ?? endIso),
    hospital: copiesFor('hospital', last(hospitalDates)),
    community: copiesFor('community', last(history.communityContacts.map((c) => c.date))),
    council: copiesFor('council', history.careEvents.length > 0 ? history.careEvents[0]?.start : undefined),
  };
}
