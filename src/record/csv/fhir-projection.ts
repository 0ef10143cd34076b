/**
 * The FHIR R4 (UK Core) view of a record imported from a CSV file, so that a FHIR client sees the
 * hospital's spells, the community provider's visits and the council's care events beside the GP's
 * own FHIR records. Pure: the same record and source always give the same resource, and nothing is
 * read or written. The store adds `meta`.
 *
 * | CSV record type                                            | FHIR R4 resource |
 * |------------------------------------------------------------|------------------|
 * | PasPatient, CommunityPatient, CouncilPerson, CldPerson     | Patient          |
 * | HospitalSpell (class IMP), AeAttendance (EMER), OutpatientAppointment (AMB), CommunityContact (HH or AMB) | Encounter |
 * | CldEvent: Request                                          | ServiceRequest   |
 * | CldEvent: Assessment, Review                               | Encounter        |
 * | CldEvent: Service                                          | EpisodeOfCare    |
 *
 * The id of the resource is `fhirIdFor(source, record key)`, the key marked with its kind of row
 * (projectedId), and every reference to the person is to the Patient that the same source's copy
 * of the person projects to. A value the row lacks is left out, never made up.
 */
import type { FhirResource } from '../fhir/fhir-json.js';
import { isResource } from '../fhir/fhir-json.js';
import type { NormalisedRecord } from '../model.js';
import { cldEventOf } from './fhir-projection-cld.js';
import { aeAttendanceOf, communityContactOf, outpatientOf, spellOf } from './fhir-projection-encounters.js';
import { type Projection, compact, projectionOf } from './fhir-projection-parts.js';
import { isPersonRecordType, patientOf } from './fhir-projection-patient.js';

/**
 * The FHIR R4 resource that stands for a CSV record, or undefined for a record of a type that has
 * none, one whose payload is not a CSV row, or an event that names no person.
 */
export function projectToFhir(record: NormalisedRecord, sourceId: string): FhirResource | undefined {
  const projection = projectionOf(record, sourceId);
  const resource = projection === undefined ? undefined : resourceOf(projection);
  if (resource === undefined) return undefined;
  const json = compact(resource);
  return isResource(json) ? json : undefined;
}

function resourceOf(p: Projection): FhirResource | undefined {
  const type = p.record.resourceType;
  if (isPersonRecordType(type)) return patientOf(p);
  // Every other record is about a person: its resource cannot be without them (R4 ServiceRequest.subject and EpisodeOfCare.patient are 1..1).
  if (p.subject === undefined) return undefined;
  switch (type) {
    case 'HospitalSpell':
      return spellOf(p);
    case 'AeAttendance':
      return aeAttendanceOf(p);
    case 'OutpatientAppointment':
      return outpatientOf(p);
    case 'CommunityContact':
      return communityContactOf(p);
    case 'CldEvent':
      return cldEventOf(p);
    default:
      return undefined;
  }
}
