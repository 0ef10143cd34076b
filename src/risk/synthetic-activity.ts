/**
 * A true person of the synthetic locality as the model reads a person: everything that happened to
 * them, as a perfect shared record would hold it. The record store's reader (record-activity.ts)
 * gives the same activity for the same person once every source is imported (tested in
 * record-activity.int.test.ts).
 */
import { conditionDefinition, type TruePerson } from '../synthetic/index.js';
import { snomed } from './efi-concepts.js';
import type { PersonActivity } from './features.js';

/** Deprivation is where the person lived on `on`. */
export function syntheticActivity(truth: TruePerson, deprivationDecile: readonly number[], on: string): PersonActivity {
  const { person, history } = truth;
  const home = person.addresses.find((a) => a.from <= on && (a.to === undefined || a.to > on)) ?? person.addresses[0];
  return {
    id: person.id,
    birthDate: person.dateOfBirth,
    sex: person.sex,
    deathDate: person.dateOfDeath ?? null,
    practice: person.practice,
    deprivationDecile: home === undefined ? null : (deprivationDecile[home.address.neighbourhood] ?? null),
    conditions: history.conditions.map((c) => ({ system: snomed, code: conditionDefinition(c.condition).snomed, onset: c.onset })),
    medications: history.medications.map((m) => ({ start: m.start, end: m.end ?? null })),
    spells: history.spells.map((s) => ({ start: s.admissionDate, end: s.dischargeDate ?? null, emergency: s.admissionMethod === '21' || s.admissionMethod === '22', acute: s.site === 'acute' })),
    aeAttendances: history.aeAttendances.map((a) => a.arrival),
    outpatients: history.outpatients.map((o) => ({ date: o.date, attended: o.attended })),
    gpContacts: history.gpConsultations.map((g) => g.date),
    communityContacts: history.communityContacts.map((c) => c.date),
    care: history.careEvents.map((e) => ({
      type: e.type, start: e.start, end: e.end ?? null, serviceType: e.serviceType ?? null,
      hoursPerWeek: e.costFrequency === 'Hourly' ? (e.plannedUnitsPerWeek ?? null) : null, carer: e.clientType === 'Carer',
    })),
    unpaidCarer: history.socialCare?.hasUnpaidCarer === 'Yes',
  };
}
