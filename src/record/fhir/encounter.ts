import { type EntryKind, entryKinds } from '../model.js';
import { type Draft, dateAt, placeOnTimeline } from './draft.js';
import { type JsonObject, conceptText, first, firstConceptText, isObject, list, obj, str } from './fhir-json.js';

/**
 * Encounters and episodes of care on the timeline: which kind of contact each was. FHIR R4 says the
 * setting by Encounter.class (v3 ActCode); whether an ambulatory, virtual or home contact was with
 * general practice is read from its type and its service provider.
 */

/** Codes of v3 ActCode (Encounter.class), HL7 R4 "ActEncounterCode". */
const admittedClasses: ReadonlySet<string> = new Set(['IMP', 'ACUTE', 'NONAC', 'SS']);
const primaryCareWords = /\b(?:GP|general practi[ct]\w*|primary care|family (?:practice|medicine|doctor|physician))\b/i;
/** ODS codes of GP practices: a letter and five digits (e.g. A81001). */
const gpPracticeCode = /^[A-Z]\d{5}$/;
const odsOrganisationSystem = 'https://fhir.nhs.uk/Id/ods-organization-code';

export function encounter(draft: Draft): void {
  const r = draft.resource;
  const period = obj(r, 'period');
  const start = dateAt(draft, period, 'start', 'period');
  const end = dateAt(draft, period, 'end', 'period');
  const kind = encounterKind(draft);
  const type = firstConceptText(r, 'type');
  const reason = firstConceptText(r, 'reasonCode');
  const title = type !== undefined && reason !== undefined ? `${type}: ${reason}` : (type ?? reason ?? entryKinds[kind]);
  placeOnTimeline(draft, kind, start, title, 'period.start', end);
}

function encounterKind(draft: Draft): EntryKind {
  const r = draft.resource;
  // R4 has one Coding; R5 and some senders send CodeableConcepts.
  const cls = first(r, 'class');
  const code = str(cls, 'code') ?? str(first(cls, 'coding'), 'code');
  if (code === 'EMER') return 'ae-attendance';
  if (code !== undefined && admittedClasses.has(code)) return 'admission';
  if (code === 'AMB' || code === 'VR') return inPrimaryCare(draft) ? 'gp-contact' : 'outpatient';
  if (code === 'HH') return inPrimaryCare(draft) ? 'gp-contact' : 'community-visit';
  return 'gp-contact';
}

function inPrimaryCare(draft: Draft): boolean {
  const r = draft.resource;
  for (const type of list(r, 'type')) {
    if (isObject(type) && mentionsPrimaryCare(type)) return true;
  }
  const provider = obj(r, 'serviceProvider');
  if (provider === undefined) return false;
  const display = str(provider, 'display');
  if (display !== undefined && primaryCareWords.test(display)) return true;
  if (isGpPractice(obj(provider, 'identifier'))) return true;
  const reference = str(provider, 'reference');
  const organisation = reference === undefined ? undefined : draft.context.find?.(reference);
  if (organisation === undefined) return false;
  for (const identifier of list(organisation, 'identifier')) if (isObject(identifier) && isGpPractice(identifier)) return true;
  for (const type of list(organisation, 'type')) if (isObject(type) && mentionsPrimaryCare(type)) return true;
  const name = str(organisation, 'name');
  return name !== undefined && primaryCareWords.test(name);
}

function mentionsPrimaryCare(concept: JsonObject): boolean {
  const text = str(concept, 'text');
  if (text !== undefined && primaryCareWords.test(text)) return true;
  for (const coding of list(concept, 'coding')) {
    const display = isObject(coding) ? str(coding, 'display') : undefined;
    if (display !== undefined && primaryCareWords.test(display)) return true;
  }
  return false;
}

function isGpPractice(identifier: JsonObject | undefined): boolean {
  const value = str(identifier, 'value');
  return identifier?.system === odsOrganisationSystem && value !== undefined && gpPracticeCode.test(value);
}

const socialCareWords =
  /\b(?:social (?:care|work)|home and community care|home care|domiciliary|reablement|residential care|nursing home|care home|respite|shared lives|direct payments?|supported living)\b/i;

export function episodeOfCare(draft: Draft): void {
  const r = draft.resource;
  const period = obj(r, 'period');
  const start = dateAt(draft, period, 'start', 'period');
  const end = dateAt(draft, period, 'end', 'period');
  let socialCare = false;
  for (const type of list(r, 'type')) {
    const text = isObject(type) ? conceptText(type) : undefined;
    if (text !== undefined && socialCareWords.test(text)) socialCare = true;
  }
  placeOnTimeline(draft, socialCare ? 'care-service' : 'other', start, firstConceptText(r, 'type') ?? 'Episode of care', 'period.start', end);
}
