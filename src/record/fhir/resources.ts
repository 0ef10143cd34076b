import type { MapResult, NormalisedRecord, SummaryFacet } from '../model.js';
import { type Draft, type ResourceContext, dateAt, placeOnTimeline } from './draft.js';
import { encounter, episodeOfCare } from './encounter.js';
import {
  type FhirResource,
  type JsonObject,
  conceptText,
  first,
  firstConceptText,
  hasCode,
  isObject,
  isReadable,
  list,
  obj,
  str,
} from './fhir-json.js';
import { observationValue } from './observation-value.js';
import { patientIdentity } from './patient.js';
import { containedById } from './references.js';

export type { ResourceContext } from './draft.js';

/**
 * Normalises one FHIR R4 resource: the record (payload = the resource as received) with the
 * identity, timeline and summary facets its type carries, and the issues found. records is empty
 * when an issue rejects it.
 */
export function mapResource(resource: FhirResource, context: ResourceContext): MapResult {
  const out: MapResult = { records: [], issues: [] };
  mapResourceInto(resource, context, out);
  return out;
}

/** As mapResource, adding to an existing result (one per Bundle, not one per entry). */
export function mapResourceInto(resource: FhirResource, context: ResourceContext, out: MapResult): void {
  const record: NormalisedRecord = { resourceType: resource.resourceType, sourceKey: context.sourceKey, payload: resource };
  if (context.subjectKey !== undefined) record.subjectKey = context.subjectKey;
  const draft: Draft = { resource, context, issues: out.issues, record, rejected: false };
  facets.get(resource.resourceType)?.(draft);
  if (!draft.rejected) out.records.push(record);
}

/** Facets by resource type; any other type (Practitioner, Organization …) is stored as it is. */
const facets = new Map<string, (draft: Draft) => void>([
  ['Patient', (draft) => { draft.record.identity = patientIdentity(draft); }],
  ['Encounter', encounter],
  ['EpisodeOfCare', episodeOfCare],
  ['Condition', condition],
  ['Observation', observation],
  ['MedicationRequest', medication],
  ['MedicationStatement', medication],
  ['AllergyIntolerance', allergy],
  ['Procedure', procedure],
  ['CarePlan', carePlan],
  ['Goal', goal],
  ['CareTeam', careTeam],
  ['Flag', flag],
]);

const activeClinical: ReadonlySet<string> = new Set(['active', 'recurrence', 'relapse']);
const notTrue: ReadonlySet<string> = new Set(['refuted', 'entered-in-error']);

function condition(draft: Draft): void {
  const r = draft.resource;
  const onset = dateAt(draft, r, 'onsetDateTime');
  const onsetStart = dateAt(draft, obj(r, 'onsetPeriod'), 'start', 'onsetPeriod');
  const recorded = dateAt(draft, r, 'recordedDate');
  const abated = dateAt(draft, r, 'abatementDateTime') ?? dateAt(draft, obj(r, 'abatementPeriod'), 'end', 'abatementPeriod');
  const since = onset ?? onsetStart ?? recorded;
  const code = obj(r, 'code');
  const text = conceptText(code) ?? 'Condition (no code or text)';
  const active = hasCode(r, 'clinicalStatus', activeClinical) && !hasCode(r, 'verificationStatus', notTrue);
  summarise(draft, 'problem', text, code, since, active);
  placeOnTimeline(draft, 'condition', since, text, 'onsetDateTime', abated);
}

function observation(draft: Draft): void {
  const r = draft.resource;
  const period = obj(r, 'effectivePeriod');
  const date =
    dateAt(draft, r, 'effectiveDateTime') ??
    dateAt(draft, period, 'start', 'effectivePeriod') ??
    dateAt(draft, r, 'effectiveInstant') ??
    dateAt(draft, r, 'issued');
  const end = dateAt(draft, period, 'end', 'effectivePeriod');
  const name = conceptText(obj(r, 'code')) ?? 'Observation';
  const value = observationValue(r);
  placeOnTimeline(draft, 'observation', date, value === undefined ? name : `${name}: ${value}`, 'effectiveDateTime', end);
}

const currentMedication: ReadonlySet<string> = new Set(['active', 'intended', 'on-hold']);

function medication(draft: Draft): void {
  const r = draft.resource;
  const request = r.resourceType === 'MedicationRequest';
  const effective = obj(r, 'effectivePeriod');
  const date = request
    ? dateAt(draft, r, 'authoredOn')
    : (dateAt(draft, r, 'effectiveDateTime') ?? dateAt(draft, effective, 'start', 'effectivePeriod') ?? dateAt(draft, r, 'dateAsserted'));
  const end = request
    ? (dateAt(draft, obj(obj(obj(first(r, 'dosageInstruction'), 'timing'), 'repeat'), 'boundsPeriod'), 'end', 'dosageInstruction[0].timing.repeat.boundsPeriod') ??
      dateAt(draft, obj(obj(r, 'dispenseRequest'), 'validityPeriod'), 'end', 'dispenseRequest.validityPeriod'))
    : dateAt(draft, effective, 'end', 'effectivePeriod');
  const { text, concept } = medicationName(draft);
  const status = str(r, 'status');
  const today = draft.context.today;
  // A partial end date ("2024-06") has not passed until the whole of it has.
  const endDay = end?.slice(0, 10);
  const ended = endDay !== undefined && today !== undefined && endDay < today.slice(0, endDay.length);
  summarise(draft, 'medication', text, concept, date, status !== undefined && currentMedication.has(status) && !ended);
  const dosage = str(first(r, request ? 'dosageInstruction' : 'dosage'), 'text');
  placeOnTimeline(draft, 'medication', date, text, request ? 'authoredOn' : 'effectiveDateTime', end, dosage === undefined ? undefined : { Dosage: dosage });
}

/**
 * The medication's name and code: given inline, or on the Medication referred to (contained, or
 * elsewhere in the input), else the reference's display, else the Medication's ingredients.
 */
function medicationName(draft: Draft): { text: string; concept?: JsonObject } {
  const r = draft.resource;
  const inline = obj(r, 'medicationCodeableConcept');
  if (inline !== undefined) return { text: conceptText(inline) ?? unnamedMedication, concept: inline };
  const pointer = obj(r, 'medicationReference');
  const reference = str(pointer, 'reference');
  const medicine = reference === undefined ? undefined : reference.startsWith('#') ? containedById(r, reference.slice(1)) : draft.context.find?.(reference);
  const concept = obj(medicine, 'code');
  const text = conceptText(concept) ?? str(pointer, 'display') ?? ingredientNames(medicine) ?? unnamedMedication;
  return concept === undefined ? { text } : { text, concept };
}

const unnamedMedication = 'Medication (not named)';

function ingredientNames(medicine: JsonObject | undefined): string | undefined {
  const names: string[] = [];
  for (const ingredient of list(medicine, 'ingredient')) {
    if (!isObject(ingredient)) continue;
    const name = conceptText(obj(ingredient, 'itemCodeableConcept')) ?? str(obj(ingredient, 'itemReference'), 'display');
    if (name !== undefined) names.push(name);
  }
  return names.length > 0 ? names.join(' + ') : undefined;
}

function allergy(draft: Draft): void {
  const r = draft.resource;
  const since =
    dateAt(draft, r, 'onsetDateTime') ?? dateAt(draft, obj(r, 'onsetPeriod'), 'start', 'onsetPeriod') ?? dateAt(draft, r, 'recordedDate');
  const code = obj(r, 'code');
  const text = conceptText(code) ?? 'Allergy or intolerance (substance not recorded)';
  const stated = obj(r, 'clinicalStatus') !== undefined;
  const active = (stated ? hasCode(r, 'clinicalStatus', activeClinical) : true) && !hasCode(r, 'verificationStatus', notTrue);
  summarise(draft, 'allergy', text, code, since, active);
  const reactions: string[] = [];
  for (const reaction of list(r, 'reaction')) {
    for (const manifestation of list(isObject(reaction) ? reaction : undefined, 'manifestation')) {
      const seen = isObject(manifestation) ? conceptText(manifestation) : undefined;
      if (seen !== undefined) reactions.push(seen);
    }
  }
  const criticality = str(r, 'criticality');
  const detail: Record<string, string> = {};
  if (reactions.length > 0) detail.Reaction = reactions.join(', ');
  if (criticality !== undefined) detail.Criticality = criticality;
  placeOnTimeline(draft, 'allergy', since, text, 'onsetDateTime', undefined, reactions.length > 0 || criticality !== undefined ? detail : undefined);
}

function procedure(draft: Draft): void {
  const r = draft.resource;
  const period = obj(r, 'performedPeriod');
  const date = dateAt(draft, r, 'performedDateTime') ?? dateAt(draft, period, 'start', 'performedPeriod');
  const end = dateAt(draft, period, 'end', 'performedPeriod');
  placeOnTimeline(draft, 'procedure', date, conceptText(obj(r, 'code')) ?? 'Procedure', 'performedDateTime', end);
}

function carePlan(draft: Draft): void {
  const r = draft.resource;
  const period = obj(r, 'period');
  const date = dateAt(draft, period, 'start', 'period') ?? dateAt(draft, r, 'created');
  const end = dateAt(draft, period, 'end', 'period');
  const addresses = str(first(r, 'addresses'), 'display');
  const title =
    str(r, 'title') ?? str(r, 'description') ?? firstConceptText(r, 'category') ?? (isReadable(addresses) ? `Care plan: ${addresses}` : 'Care plan');
  placeOnTimeline(draft, 'care-plan', date, title, 'period.start', end);
}

function goal(draft: Draft): void {
  const r = draft.resource;
  const date = dateAt(draft, r, 'startDate', undefined, true) ?? dateAt(draft, r, 'statusDate', undefined, true);
  const title = `Goal: ${conceptText(obj(r, 'description')) ?? 'not described'}`;
  placeOnTimeline(draft, 'care-plan', date, title, 'startDate');
}

function careTeam(draft: Draft): void {
  const r = draft.resource;
  const period = obj(r, 'period');
  const start = dateAt(draft, period, 'start', 'period');
  const end = dateAt(draft, period, 'end', 'period');
  placeOnTimeline(draft, 'other', start, str(r, 'name') ?? firstConceptText(r, 'category') ?? 'Care team', 'period.start', end);
}

function flag(draft: Draft): void {
  const r = draft.resource;
  const period = obj(r, 'period');
  const start = dateAt(draft, period, 'start', 'period');
  const end = dateAt(draft, period, 'end', 'period');
  const code = obj(r, 'code');
  const text = conceptText(code) ?? 'Alert (not described)';
  summarise(draft, 'alert', text, code, start, r.status === 'active');
  placeOnTimeline(draft, 'alert', start, text, 'period.start', end);
}

function summarise(
  draft: Draft,
  section: SummaryFacet['section'],
  text: string,
  concept: JsonObject | undefined,
  since: string | undefined,
  active: boolean,
): void {
  const facet: SummaryFacet = { section, text, active };
  for (const coding of list(concept, 'coding')) {
    const code = isObject(coding) ? str(coding, 'code') : undefined;
    if (code === undefined || !isObject(coding)) continue;
    facet.code = code;
    const system = str(coding, 'system');
    if (system !== undefined) facet.system = system;
    break;
  }
  if (since !== undefined) facet.since = since;
  draft.record.summary = facet;
}
