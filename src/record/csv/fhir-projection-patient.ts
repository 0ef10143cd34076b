/**
 * A source's copy of a person (hospital, community and council patients files, and the person on a
 * Client Level Data row) as a UK Core Patient. The demographics are the identity facts the importer
 * made of the row (docs/formats/gp-fhir.md writes the GP's Patients the same way), so the Patient says
 * what the person index was told, no more.
 */
import { ethnicCategoryDisplays, isValidNhsNumber, normaliseNhsNumber } from '../../people/index.js';
import { isFhirDateTime } from '../fhir/fhir-date.js';
import type { FhirResource, JsonObject } from '../fhir/fhir-json.js';
import type { IdentityFacts } from '../model.js';
import { cldValueKey } from './cld-values.js';
import {
  cldEthnicityLetters, cldPersonExtension, ethnicCategoryExtension, ethnicCategorySystem,
  nhsNumberSystem, personIdSystem,
} from './fhir-projection-codes.js';
import { type Projection, cldConcept, complexExtension, identifier, projectedId } from './fhir-projection-parts.js';
import type { CsvKind } from './kinds.js';
import { mapCsvRow } from './rows.js';

/** The CSV kind each person record type comes from, to read its facts again when a record lacks them. */
const personKinds: Readonly<Record<string, CsvKind>> = {
  PasPatient: 'hospital-patients',
  CommunityPatient: 'community-patients',
  CouncilPerson: 'council-people',
  CldPerson: 'cld',
};

export function isPersonRecordType(resourceType: string): boolean {
  return Object.hasOwn(personKinds, resourceType);
}

/** 2021 Census groups by their folded spelling (cld-values.ts), so "White – Irish" finds "White - Irish". */
const ethnicGroups: ReadonlyMap<string, string> = new Map(
  Object.entries(cldEthnicityLetters).map(([group, letter]) => [cldValueKey(group), letter]),
);

/** UK mobile numbers begin 071–075 or 077–079 (Ofcom numbering plan: 070 and 076 are not mobiles). */
const ukMobile = /^(?:\+44|0044|0)7[1-57-9]/;
const separators = /[\s()-]/g;

export function patientOf(p: Projection): FhirResource {
  const facts = identityOf(p);
  const resource: FhirResource = { resourceType: 'Patient', id: projectedId(p.sourceId, p.record.resourceType, p.record.sourceKey) };
  const extensions = [ethnicCategory(p), cldPerson(p)].filter((e) => e !== undefined);
  if (extensions.length > 0) resource.extension = extensions;
  const nhsNumber = facts.nhsNumber !== undefined && isValidNhsNumber(facts.nhsNumber) ? normaliseNhsNumber(facts.nhsNumber) : undefined;
  resource.identifier = [
    nhsNumber === undefined ? undefined : identifier(nhsNumberSystem, nhsNumber),
    identifier(personIdSystem(p.sourceId), p.record.sourceKey),
  ];
  if (facts.family !== undefined || facts.given !== undefined) {
    resource.name = [{ use: 'official', family: facts.family, given: facts.given }];
  }
  if (facts.phone !== undefined) {
    const mobile = ukMobile.test(facts.phone.replace(separators, ''));
    resource.telecom = [{ system: 'phone', value: facts.phone, ...(mobile ? { use: 'mobile' } : {}) }];
  }
  if (facts.sex !== undefined) resource.gender = facts.sex;
  if (facts.birthDate !== undefined && isFhirDate(facts.birthDate)) resource.birthDate = facts.birthDate;
  if (facts.deceased !== undefined && isFhirDateTime(facts.deceased)) resource.deceasedDateTime = facts.deceased;
  if (facts.addressLine !== undefined || facts.town !== undefined || facts.postcode !== undefined) {
    // No country: a source's address need not be in the UK, and none of the files says.
    resource.address = [{ use: 'home', line: facts.addressLine === undefined ? undefined : [facts.addressLine], city: facts.town, postalCode: facts.postcode }];
  }
  return resource;
}

/** The record's identity facts; a record stored without them (none the importer makes) has them read again from its row. */
function identityOf(p: Projection): IdentityFacts {
  if (p.record.identity !== undefined) return p.record.identity;
  const kind = personKinds[p.record.resourceType];
  if (kind === undefined) return {};
  const again = mapCsvRow(kind, p.row.row, { line: 0 }).records;
  return again.find((r) => r.resourceType === p.record.resourceType && r.sourceKey === p.record.sourceKey)?.identity ?? {};
}

function isFhirDate(text: string): boolean {
  return !text.includes('T') && isFhirDateTime(text);
}

/**
 * UK Core EthnicCategory from the CLD Ethnicity (2021 Census text) by the crosswalk of
 * fhir-projection-codes.ts; the council's own words stay in `text`. Text off the CLD list gives no
 * extension: it is not ours to guess.
 */
function ethnicCategory(p: Projection): JsonObject | undefined {
  if (p.record.resourceType !== 'CldPerson') return undefined;
  const text = p.row.get('Ethnicity');
  const letter = text === '' ? undefined : ethnicGroups.get(cldValueKey(text));
  const display = letter === undefined ? undefined : ethnicCategoryDisplays[letter];
  if (letter === undefined || display === undefined) return undefined;
  return {
    url: ethnicCategoryExtension,
    valueCodeableConcept: { coding: [{ system: ethnicCategorySystem, code: letter, display }], text },
  };
}

/** The CLD person fields with no Patient element, coded in their CLD lists. */
function cldPerson(p: Projection): JsonObject | undefined {
  if (p.record.resourceType !== 'CldPerson') return undefined;
  return complexExtension(cldPersonExtension, ['Has_Unpaid_Carer', 'Accommodation_Status', 'Employment_Status'].map((field) => {
    const value = cldConcept(field, p.row.get(field));
    return value === undefined ? undefined : { url: field, valueCodeableConcept: value };
  }));
}
