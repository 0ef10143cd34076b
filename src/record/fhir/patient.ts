import { isValidNhsNumber, normaliseNhsNumber } from '../../people/index.js';
import type { IdentityFacts, Sex } from '../model.js';
import { type Draft, dateAt } from './draft.js';
import { type JsonObject, isObject, list, obj, str } from './fhir-json.js';

/** UK Core Patient identifier slices (DOMAIN.md §5.1): system URIs compared exactly. */
const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';
const odsOrganisationSystem = 'https://fhir.nhs.uk/Id/ods-organization-code';

/** Which HumanName to take: official first, then usual, then any current one; old names last. */
const nameRank: Readonly<Record<string, number>> = { official: 0, usual: 1, old: 3, maiden: 3, anonymous: 3 };

const sexes: ReadonlySet<string> = new Set<Sex>(['female', 'male', 'other', 'unknown']);

/** The demographics of a Patient. An NHS number failing modulus 11 is reported and left out. */
export function patientIdentity(draft: Draft): IdentityFacts {
  const patient = draft.resource;
  const identity: IdentityFacts = {};

  const nhsNumber = validNhsNumber(draft);
  if (nhsNumber !== undefined) identity.nhsNumber = nhsNumber;

  const name = bestName(patient);
  const family = str(name, 'family');
  if (family !== undefined) identity.family = family;
  const given = strings(list(name, 'given'));
  if (given.length > 0) identity.given = given;

  const birthDate = dateAt(draft, patient, 'birthDate', undefined, true);
  if (birthDate !== undefined) identity.birthDate = birthDate;
  const gender = str(patient, 'gender');
  if (gender !== undefined && sexes.has(gender)) identity.sex = gender as Sex;

  const address = homeAddress(patient);
  if (address !== undefined) {
    const lines = strings(list(address, 'line'));
    if (lines.length > 0) identity.addressLine = lines.join(', ');
    const town = str(address, 'city');
    if (town !== undefined) identity.town = town;
    const postcode = str(address, 'postalCode');
    if (postcode !== undefined) identity.postcode = postcode;
  }

  for (const telecom of list(patient, 'telecom')) {
    if (isObject(telecom) && telecom.system === 'phone' && typeof telecom.value === 'string') {
      identity.phone = telecom.value;
      break;
    }
  }

  const deceased = dateAt(draft, patient, 'deceasedDateTime');
  if (deceased !== undefined) identity.deceased = deceased;

  const practice = practiceCode(draft);
  if (practice !== undefined) identity.practice = practice;
  return identity;
}

function validNhsNumber(draft: Draft): string | undefined {
  const identifiers = list(draft.resource, 'identifier');
  for (let i = 0; i < identifiers.length; i++) {
    const identifier = identifiers[i];
    if (!isObject(identifier) || identifier.system !== nhsNumberSystem) continue;
    const value = str(identifier, 'value');
    if (value === undefined) continue;
    const digits = normaliseNhsNumber(value);
    if (isValidNhsNumber(digits)) return digits;
    const field = `Patient.identifier[${i}].value`;
    draft.issues.push({
      location: { ...draft.context.location, field },
      code: 'invalid-nhs-number',
      message: `${field} "${value}" is not a valid NHS number (ten digits passing modulus 11); the record is kept without it`,
      rejected: false,
    });
  }
  return undefined;
}

function bestName(patient: JsonObject): JsonObject | undefined {
  let best: JsonObject | undefined;
  let bestRank = 4;
  for (const name of list(patient, 'name')) {
    if (!isObject(name)) continue;
    const use = str(name, 'use');
    const rank = use === undefined ? 2 : (nameRank[use] ?? 2);
    if (rank < bestRank) {
      best = name;
      bestRank = rank;
    }
  }
  return best;
}

function homeAddress(patient: JsonObject): JsonObject | undefined {
  let any: JsonObject | undefined;
  for (const address of list(patient, 'address')) {
    if (!isObject(address)) continue;
    if (address.use === 'home') return address;
    any ??= address;
  }
  return any;
}

/** ODS code of the registered practice: on the reference itself, or on the Organization it names in the same input. */
function practiceCode(draft: Draft): string | undefined {
  for (const gp of list(draft.resource, 'generalPractitioner')) {
    if (!isObject(gp)) continue;
    const code = odsCode(obj(gp, 'identifier'));
    if (code !== undefined) return code;
    const reference = str(gp, 'reference');
    const organisation = reference === undefined ? undefined : draft.context.find?.(reference);
    for (const identifier of list(organisation, 'identifier')) {
      const held = odsCode(isObject(identifier) ? identifier : undefined);
      if (held !== undefined) return held;
    }
  }
  return undefined;
}

function odsCode(identifier: JsonObject | undefined): string | undefined {
  return identifier?.system === odsOrganisationSystem ? str(identifier, 'value') : undefined;
}

function strings(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) if (typeof value === 'string') out.push(value);
  return out;
}
