/**
 * The code systems, identifier systems and extensions the FHIR R4 view of the CSV records uses, and
 * the one crosswalk it needs (Client Level Data ethnic groups to UK Core ethnic category letters).
 *
 * HL7 and UK Core URIs were checked against the FHIR R4 (4.0.1) package and NHS England's UK Core
 * repository (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN): Extension-UKCore-EthnicCategory (context
 * Patient), Extension-UKCore-AdmissionMethod (context Encounter.hospitalization, CodeableConcept,
 * preferred binding to UKCore-AdmissionMethod), and the code systems UKCore-EthnicCategoryEngland,
 * UKCore-AdmissionMethodEngland and UKCore-DischargeDestinationEngland (copies of the NHS Data
 * Dictionary lists). UK Core codings carry no `display`: our short labels go in the concept's `text`,
 * so a validator never finds a display that differs from the code system's.
 *
 * Everything else is Joined Up's own, under the reserved domain joinedup.example (RFC 2606), as the
 * GP bundles' identifier systems are (docs/formats/gp-fhir.md):
 * - `https://joinedup.example/Id/<source id>`: the source's own number for a person (hospital number,
 *   community patient id, council person id). A source id is `[a-z0-9][a-z0-9-]{0,39}` (the person
 *   index's check), so it needs no escaping in a URI.
 * - `https://joinedup.example/Id/<source id>/<record type>`: the source's own key of any other record
 *   (e.g. `…/hospital/HospitalSpell`), and `…/<source id>/Event_Reference` for a CLD event reference.
 * - `https://joinedup.example/CodeSystem/<name>`: code lists with no published FHIR code system
 *   (treatment function, discharge pathway, delay reason, A&E outcome), and `cld-<field>` for the
 *   Client Level Data defined list of `<field>`, its name in lower case with "-" for "_" (e.g.
 *   `cld-event-outcome`); the codes are the list's canonical values (cld-lists.ts).
 * - `https://joinedup.example/fhir/StructureDefinition/<name>`: extensions for facts with no R4 element.
 */

export const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';
export const icd10System = 'http://hl7.org/fhir/sid/icd-10';
export const actCodeSystem = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const actPrioritySystem = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';
export const nullFlavorSystem = 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor';
export const conditionCategorySystem = 'http://terminology.hl7.org/CodeSystem/condition-category';

const ukCoreExtension = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-';
const ukCoreCodeSystem = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-';
export const ethnicCategoryExtension = `${ukCoreExtension}EthnicCategory`;
export const ethnicCategorySystem = `${ukCoreCodeSystem}EthnicCategoryEngland`;
export const admissionMethodExtension = `${ukCoreExtension}AdmissionMethod`;
export const admissionMethodSystem = `${ukCoreCodeSystem}AdmissionMethodEngland`;
export const dischargeDestinationSystem = `${ukCoreCodeSystem}DischargeDestinationEngland`;

const joinedUp = 'https://joinedup.example';

/** The system of a source's own number for a person. */
export function personIdSystem(sourceId: string): string {
  return `${joinedUp}/Id/${sourceId}`;
}

/** The system of a source's own key for a record of `name` (a record type or a CLD field). */
export function recordIdSystem(sourceId: string, name: string): string {
  return `${joinedUp}/Id/${sourceId}/${name}`;
}

/** The system of a Client Level Data defined list, e.g. `cld-event-outcome` for Event_Outcome. */
export function cldSystem(field: string): string {
  return `${joinedUp}/CodeSystem/cld-${field.toLowerCase().replaceAll('_', '-')}`;
}

/** NHS Data Dictionary TREATMENT FUNCTION CODE: UK Core has no code system for it (only MAIN SPECIALTY). */
export const treatmentFunctionSystem = `${joinedUp}/CodeSystem/treatment-function`;
/** Discharge pathways 0–3 (Hospital discharge and community support guidance, DHSC 2022). */
export const dischargePathwaySystem = `${joinedUp}/CodeSystem/discharge-pathway`;
/** Delayed Transfers of Care reason codes A–I (DOMAIN.md §4.2). */
export const delayReasonSystem = `${joinedUp}/CodeSystem/dtoc-delay-reason`;
/** Whether an A&E attendance ended in admission: `admitted` or `not-admitted`. */
export const aeOutcomeSystem = `${joinedUp}/CodeSystem/ae-outcome`;

const extension = `${joinedUp}/fhir/StructureDefinition`;
/**
 * Complex extension on Encounter.hospitalization of a hospital spell: `dischargeReadyDate` (date),
 * `dischargePathway` and `delayReason` (CodeableConcept), each only when the spell has it.
 */
export const dischargeExtension = `${extension}/discharge`;
/** Boolean extension on an outpatient Encounter: whether the patient attended (false: did not attend). */
export const attendedExtension = `${extension}/attended`;
/** Complex extension on a CLD event's resource: one sub-extension per CLD field with no R4 element, named as the field. */
export const cldEventExtension = `${extension}/cld-event`;
/** Complex extension on a CLD person's Patient: Has_Unpaid_Carer, Accommodation_Status, Employment_Status. */
export const cldPersonExtension = `${extension}/cld-person`;


/**
 * The CLD ethnicity list (2021 Census groups as "Group - Category", DOMAIN.md §3.4) and the 2001
 * letter each falls within. Every 2021 category lies inside exactly one 2001 category, so the
 * crosswalk loses detail but never guesses: Gypsy or Irish Traveller and Roma had no category of their
 * own in 2001 and were "Any other White background" (C); Arab was "Any other ethnic group" (S); Chinese
 * stays R although 2021 moved it under Asian. "Refused" is Z (asked, not stated); "Undeclared or Not
 * known" cannot tell asked from not asked, so it is 99 (not known). The same crosswalk writes the GP
 * bundles' ethnic category (src/synthetic/reference/ethnicity.ts, which the record may not import).
 */
export const cldEthnicityLetters: Readonly<Record<string, string>> = {
  'White - English, Welsh, Scottish, Northern Irish or British': 'A',
  'White - Irish': 'B',
  'White - Gypsy or Irish Traveller': 'C',
  'White - Roma': 'C',
  'White - Any other White background': 'C',
  'Mixed or Multiple ethnic groups - White and Black Caribbean': 'D',
  'Mixed or Multiple ethnic groups - White and Black African': 'E',
  'Mixed or Multiple ethnic groups - White and Asian': 'F',
  'Mixed or Multiple ethnic groups - Any other Mixed or Multiple ethnic background': 'G',
  'Asian, Asian British or Asian Welsh - Indian': 'H',
  'Asian, Asian British or Asian Welsh - Pakistani': 'J',
  'Asian, Asian British or Asian Welsh - Bangladeshi': 'K',
  'Asian, Asian British or Asian Welsh - Any other Asian background': 'L',
  'Asian, Asian British or Asian Welsh - Chinese': 'R',
  'Black, Black British, Black Welsh, Caribbean or African - Caribbean': 'M',
  'Black, Black British, Black Welsh, Caribbean or African - African': 'N',
  'Black, Black British, Black Welsh, Caribbean or African - Any other Black, Black British or Caribbean background': 'P',
  'Other ethnic group - Arab': 'S',
  'Other ethnic group - Any other ethnic group': 'S',
  'No data - Refused': 'Z',
  'No data - Undeclared or Not known': '99',
};
