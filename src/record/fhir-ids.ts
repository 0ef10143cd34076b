import { createHash } from 'node:crypto';

/**
 * Logical ids of records in the FHIR view. A record a source sent by file is known as
 * `<source>.<its own key>` (FHIR R4 ids are 1–64 of [A-Za-z0-9.-], http://hl7.org/fhir/R4/datatypes.html#id),
 * so two sources' "Patient/1" never collide and a reference inside a file can be turned into a
 * logical id without looking anything up. A key that cannot be written that way is hashed.
 */
const fhirId = /^[A-Za-z0-9.-]{1,64}$/;

export function isFhirId(value: string): boolean {
  return fhirId.test(value);
}

/** The logical id of the record a source knows by `key`. */
export function fhirIdFor(sourceId: string, key: string): string {
  const plain = `${sourceId}.${key}`;
  if (isFhirId(plain)) return plain;
  const room = 64 - sourceId.length - 3;
  return `${sourceId}.x-${createHash('sha256').update(key).digest('hex').slice(0, room)}`;
}
