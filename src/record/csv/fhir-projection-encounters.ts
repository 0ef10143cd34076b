/**
 * The hospital's spells, A&E attendances and outpatient appointments and the community provider's
 * contacts as R4 Encounters (docs/formats/hospital.md, community.md). Encounter.class is v3 ActCode
 * (the R4 extensible binding ActEncounterCode); codes of the NHS Data Dictionary go in UK Core's code
 * systems where UK Core has one, and in Joined Up's where it has none (fhir-projection-codes.ts).
 */
import type { FhirResource, JsonObject } from '../fhir/fhir-json.js';
import {
  actCodeSystem, actPrioritySystem, admissionMethodExtension, admissionMethodSystem, aeOutcomeSystem, attendedExtension,
  conditionCategorySystem, delayReasonSystem, dischargeDestinationSystem, dischargeExtension, dischargePathwaySystem,
  icd10System, nullFlavorSystem, treatmentFunctionSystem,
} from './fhir-projection-codes.js';
import {
  type Projection, coding, complexExtension, concept, encounter, period, textConcept, valueExtension,
} from './fhir-projection-parts.js';
import {
  admissionMethods, delayReasonAliases, delayReasons, dischargeDestinations, dischargePathways, hospitalSites,
  treatmentFunctions,
} from './hospital-codes.js';
import { entryOf } from './row-context.js';

const inpatient = coding(actCodeSystem, 'IMP', 'inpatient encounter');
const emergency = coding(actCodeSystem, 'EMER', 'emergency');
const ambulatory = coding(actCodeSystem, 'AMB', 'ambulatory');
const homeHealth = coding(actCodeSystem, 'HH', 'home health');
/** For a setting the row does not say: class is required, and guessing AMB or HH would be inventing it. */
export const unknownClass = coding(nullFlavorSystem, 'UNK', 'unknown');

/** A community contact's setting: at the person's residence (their own home or a care home) is home health (v3 HH). */
const communityClasses: ReadonlyMap<string, JsonObject> = new Map([
  ['home', homeHealth],
  ['care home', homeHealth],
  ['clinic', ambulatory],
]);

const pipe = '|';
const foldSpaces = /\s+/g;

/** "yes"/"no" as the importer reads them (Y/N, true/false, 1/0); undefined for anything else. */
function flag(text: string): boolean | undefined {
  const folded = text.toLowerCase();
  if (folded === 'yes' || folded === 'y' || folded === 'true' || folded === '1') return true;
  if (folded === 'no' || folded === 'n' || folded === 'false' || folded === '0') return false;
  return undefined;
}

function treatmentFunction(code: string): JsonObject | undefined {
  return concept(treatmentFunctionSystem, code, entryOf(treatmentFunctions, code));
}

/**
 * The ICD-10 diagnoses of a spell or attendance: the primary as the reason for the encounter, and each
 * as Encounter.diagnosis with its rank (1 primary, then the secondaries in the order recorded; a
 * secondary repeating an earlier code is the same diagnosis and is left out). R4 Encounter.diagnosis
 * must refer to a Condition, and the source has none, so each is a contained Condition with the code.
 */
function diagnoses(p: Projection, primary: string, secondary: readonly string[]): JsonObject {
  const ranked: [number, string][] = primary === '' ? [] : [[1, primary]];
  const seen = new Set(primary === '' ? [] : [primary]);
  let rank = 2;
  for (const code of secondary) {
    if (code === '' || seen.has(code)) continue;
    seen.add(code);
    ranked.push([rank++, code]);
  }
  return {
    contained: ranked.map(([n, code]) => ({
      resourceType: 'Condition',
      id: `diagnosis-${n}`,
      category: [{ coding: [coding(conditionCategorySystem, 'encounter-diagnosis', 'Encounter Diagnosis')] }],
      code: concept(icd10System, code),
      subject: { reference: p.subject },
    })),
    reasonCode: primary === '' ? undefined : [concept(icd10System, primary)],
    diagnosis: ranked.map(([n]) => ({ condition: { reference: `#diagnosis-${n}` }, rank: n })),
  };
}

/** A hospital provider spell: admission to discharge, with what the discharge team needs to see. */
export function spellOf(p: Projection): FhirResource {
  const row = p.row;
  const admitted = row.date('admission_date', false);
  const discharged = row.date('discharge_date', false);
  const methodCode = row.get('admission_method');
  const method = entryOf(admissionMethods, methodCode);
  const secondary = row.get('secondary_diagnoses').split(pipe).map((code) => code.trim());
  const { contained, reasonCode, diagnosis } = diagnoses(p, row.get('primary_diagnosis'), secondary);
  const destinationCode = row.get('discharge_destination');
  const destination = entryOf(dischargeDestinations, destinationCode);
  const site = row.get('site');
  return encounter(p, discharged === undefined ? 'in-progress' : 'finished', inpatient, {
    contained,
    priority: priorityOf(methodCode, method !== undefined),
    serviceType: treatmentFunction(row.get('specialty')),
    period: period(admitted, discharged),
    reasonCode,
    diagnosis,
    hospitalization: {
      extension: [
        valueExtension(admissionMethodExtension, 'CodeableConcept', method === undefined
          ? textConcept(methodCode) : concept(admissionMethodSystem, methodCode, undefined, method.label)),
        discharge(p, admitted, discharged),
      ],
      dischargeDisposition: destination === undefined
        ? textConcept(destinationCode) : concept(dischargeDestinationSystem, destinationCode, undefined, destination.label),
    },
    location: site === '' ? undefined : [{ location: { display: entryOf(hospitalSites, site) ?? site } }],
  });
}

/** Elective (ADMISSION METHOD 1x) or emergency (2x), in v3 ActPriority; transfers, maternity and births say neither. */
function priorityOf(methodCode: string, known: boolean): JsonObject | undefined {
  if (!known) return undefined;
  if (methodCode.startsWith('1')) return { coding: [coding(actPrioritySystem, 'EL', 'elective')] };
  if (methodCode.startsWith('2')) return { coding: [coding(actPrioritySystem, 'EM', 'emergency')] };
  return undefined;
}

/**
 * The discharge ready date, pathway and delay reason (DOMAIN.md §4.1–4.2), which R4 has no element
 * for. A discharge ready date outside the spell is left out, as the importer leaves it out.
 */
function discharge(p: Projection, admitted: string | undefined, discharged: string | undefined): JsonObject | undefined {
  const row = p.row;
  let ready = row.date('discharge_ready_date', false);
  if (ready !== undefined && ((admitted !== undefined && ready < admitted) || (discharged !== undefined && ready > discharged))) ready = undefined;
  const pathway = row.get('discharge_pathway');
  const pathwayLabel = entryOf(dischargePathways, pathway);
  return complexExtension(dischargeExtension, [
    valueExtension('dischargeReadyDate', 'Date', ready),
    valueExtension('dischargePathway', 'CodeableConcept', pathwayLabel === undefined
      ? textConcept(pathway) : concept(dischargePathwaySystem, pathway, `Pathway ${pathway}: ${pathwayLabel}`)),
    valueExtension('delayReason', 'CodeableConcept', delayReasonOf(row.get('delay_reason'))),
  ]);
}

/** A Delayed Transfers of Care reason in its canonical spelling ("Dii" is "D(ii)"), as the importer reads it. */
function delayReasonOf(text: string): JsonObject | undefined {
  if (text === '') return undefined;
  const folded = text.toUpperCase().replace(foldSpaces, '');
  const code = entryOf(delayReasons, text) === undefined ? entryOf(delayReasonAliases, folded) ?? folded : text;
  const label = entryOf(delayReasons, code);
  return label === undefined ? textConcept(text) : concept(delayReasonSystem, code, label);
}

/** An emergency department attendance: arrival date, main problem, and whether it ended in admission. */
export function aeAttendanceOf(p: Projection): FhirResource {
  const admitted = flag(p.row.get('admitted'));
  const { contained, reasonCode, diagnosis } = diagnoses(p, p.row.get('diagnosis'), []);
  const outcome = admitted === undefined ? undefined
    : admitted ? coding(aeOutcomeSystem, 'admitted', 'Admitted to hospital') : coding(aeOutcomeSystem, 'not-admitted', 'Not admitted');
  return encounter(p, admitted === undefined ? 'unknown' : 'finished', emergency, {
    contained,
    period: period(p.row.date('arrival_date', false), undefined),
    reasonCode,
    diagnosis,
    hospitalization: outcome === undefined ? undefined : { dischargeDisposition: { coding: [outcome] } },
  });
}

/**
 * An outpatient appointment. Attended: finished, on its day. Did not attend: R4 Encounter.status has
 * no "did not attend", and the format says "did not attend", not "cancelled" (R4 `cancelled` is an
 * encounter ended before it began, which a DNA is not known to be: the appointment may have been
 * kept by the clinic), so the status is `unknown` and the attended extension says false.
 */
export function outpatientOf(p: Projection): FhirResource {
  const attended = flag(p.row.get('attended'));
  const date = p.row.date('date', false);
  return encounter(p, attended === true ? 'finished' : 'unknown', ambulatory, {
    extension: [valueExtension(attendedExtension, 'Boolean', attended)],
    serviceType: treatmentFunction(p.row.get('specialty')),
    period: period(date, attended === true ? date : undefined),
  });
}

/** A community contact: a visit or appointment that took place (docs/formats/community.md), on its day. */
export function communityContactOf(p: Projection): FhirResource {
  const setting = p.row.get('setting');
  const date = p.row.date('date', false);
  return encounter(p, 'finished', communityClasses.get(setting.toLowerCase()) ?? unknownClass, {
    serviceType: textConcept(p.row.get('service')),
    period: period(date, date),
    location: setting === '' ? undefined : [{ location: { display: `${setting.charAt(0).toUpperCase()}${setting.slice(1)}` } }],
  });
}
