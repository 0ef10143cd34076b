/**
 * Client Level Data events (DOMAIN.md §3; docs/formats/council-cld.md) as R4 resources:
 *
 * - Request → ServiceRequest: a request for support asks the council to act, which R4 calls an
 *   `order` (a `proposal` has "no intention to ensure it occurs"); CLD counts a request once its
 *   outcome is settled (CLD guidance, release 1), so one with an end date is `completed`.
 * - Assessment → Encounter, not Task: R4 defines an Encounter as an interaction "for the purpose of
 *   providing healthcare service(s) or assessing the health status of a patient", and a completed
 *   assessment is something that happened to the person, not work waiting to be done. Encounter is in
 *   the R4 Patient compartment and Task is not, so only as an Encounter does an assessment come back
 *   from Patient/$everything beside the hospital's spells. (The Yorkshire and Humber care record's
 *   Interweave IG models one as a Task, the workflow view; a reader of that IG looks there.)
 * - Review → Encounter, for the same reasons.
 * - Service → EpisodeOfCare: a period in which the council is responsible for support; `active`
 *   while open, `finished` once ended (CLD never sends a cancelled service). No managingOrganization:
 *   the row names a provider, not who manages the episode.
 *
 * CLD does not say where an assessment or review took place, so Encounter.class is v3 NullFlavor UNK.
 * The CLD fields with no R4 element go in the `cld-event` extension, one sub-extension per field
 * named as the field; defined-list values are coded in `cld-<field>` code systems, others kept as text.
 */
import type { FhirResource, JsonObject } from '../fhir/fhir-json.js';
import type { CldEventType } from './cld-lists.js';
import { isUnitCount, penceFromPounds } from './cld-money.js';
import { cldLists } from './cld-values.js';
import { unknownClass } from './fhir-projection-encounters.js';
import { cldEventExtension, cldSystem, recordIdSystem } from './fhir-projection-codes.js';
import {
  type Projection, cldConcept, complexExtension, concept, encounter, identifier, ownIdentifier, period, personReference, projectedId, textConcept,
} from './fhir-projection-parts.js';

/** The CLD fields each event type keeps in its `cld-event` extension, in the order of the return. */
const extensionFields: Readonly<Record<CldEventType, readonly string[]>> = {
  Request: ['Client_Type', 'Event_End_Date', 'Event_Outcome', 'Request_Route_of_Access', 'Cared_For_Person'],
  Assessment: ['Client_Type', 'Event_Outcome', 'Eligible_Needs_Identified', 'Informal_Carer_Involved_In_Assessment', 'Cared_For_Person'],
  Review: ['Client_Type', 'Event_Outcome', 'Review_Reason', 'Cared_For_Person'],
  Service: [
    'Client_Type', 'Primary_Support_Reason', 'Event_Outcome', 'Delivery_Mechanism', 'Unit_Cost', 'Cost_Frequency_Unit_Type',
    'Planned_Units_Per_Week', 'Provider_Code', 'Cared_For_Person',
  ],
};

/** The resource a CLD event stands for; undefined when its Event_Type is not one of the four. */
export function cldEventOf(p: Projection): FhirResource | undefined {
  const type = cldLists.Event_Type.match(p.row.get('Event_Type'));
  if (type === undefined) return undefined;
  const start = p.row.date('Event_Start_Date', false);
  const end = p.row.date('Event_End_Date', false);
  const identifiers = [identifier(recordIdSystem(p.sourceId, 'Event_Reference'), p.row.get('Event_Reference'))];
  const extension = [complexExtension(cldEventExtension, extensionFields[type].map((field) => part(p, field)))];
  const reasonCode = [cldConcept('Primary_Support_Reason', p.row.get('Primary_Support_Reason'))];
  const eventType = concept(cldSystem('Event_Type'), type, type, type === 'Assessment' ? p.row.get('Assessment_Type') : undefined);
  switch (type) {
    case 'Request':
      return {
        resourceType: 'ServiceRequest',
        id: projectedId(p.sourceId, p.record.resourceType, p.record.sourceKey),
        extension,
        identifier: [ownIdentifier(p), ...identifiers],
        status: end === undefined ? 'active' : 'completed',
        intent: 'order',
        code: eventType,
        subject: { reference: p.subject },
        authoredOn: start,
        reasonCode,
      };
    case 'Assessment':
    case 'Review':
      return encounter(p, end === undefined ? 'in-progress' : 'finished', unknownClass, {
        extension, identifier: identifiers, type: [eventType], period: period(start, end), reasonCode,
      });
    case 'Service':
      return {
        resourceType: 'EpisodeOfCare',
        id: projectedId(p.sourceId, p.record.resourceType, p.record.sourceKey),
        extension,
        identifier: [ownIdentifier(p), ...identifiers],
        status: end === undefined ? 'active' : 'finished',
        type: [cldConcept('Service_Type', p.row.get('Service_Type')), textConcept(p.row.get('Service_Component'))],
        patient: { reference: p.subject },
        period: period(start, end),
      };
  }
}

/** One CLD field as a sub-extension of `cld-event`, typed as the field is; undefined when the row has no value. */
function part(p: Projection, field: string): JsonObject | undefined {
  const text = p.row.get(field);
  if (text === '') return undefined;
  switch (field) {
    case 'Event_End_Date': {
      const date = p.row.date(field, false);
      return date === undefined ? undefined : { url: field, valueDate: date };
    }
    case 'Eligible_Needs_Identified':
    case 'Informal_Carer_Involved_In_Assessment': {
      const folded = text.toLowerCase();
      return folded === 'yes' || folded === 'no' ? { url: field, valueBoolean: folded === 'yes' } : { url: field, valueString: text };
    }
    case 'Unit_Cost': {
      // Whole pence over 100 prints as the pounds and pence written (e.g. 2955 → 29.55).
      const pence = penceFromPounds(text);
      return pence === undefined ? undefined : { url: field, valueMoney: { value: pence / 100, currency: 'GBP' } };
    }
    case 'Planned_Units_Per_Week':
      return isUnitCount(text) ? { url: field, valueDecimal: Number(text) } : undefined;
    case 'Provider_Code':
      return { url: field, valueIdentifier: { system: recordIdSystem(p.sourceId, field), value: text } };
    case 'Cared_For_Person':
      // The council's person id of the person cared for, so a reference to their Patient of this source.
      return { url: field, valueReference: { reference: personReference(p.sourceId, 'CldEvent', text) } };
    default:
      return { url: field, valueCodeableConcept: cldConcept(field, text) };
  }
}
