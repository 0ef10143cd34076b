import { fhirIdFor } from '../fhir-ids.js';
import type { FhirForm } from '../model.js';
import type { FhirResource, JsonObject } from './fhir-json.js';
import type { ReferenceIndex } from './references.js';

/** A relative reference Type/id with an optional version (http://hl7.org/fhir/R4/references.html#literal). */
const relative = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9.-]{1,64})(\/_history\/[A-Za-z0-9.-]{1,64})?$/;

/**
 * The FHIR form of a resource a source sent by file: its id becomes the logical id of the source's
 * key, and each reference that names a record of the same input, or a Type/id of the same source,
 * names that record's logical id (FHIR R4 "Resolving references in Bundles"). Absolute references to
 * other servers, conditional references and contained (#) references are left as they are.
 */
export function servedForm(resource: FhirResource, key: string, index: ReferenceIndex, sourceId: string): FhirForm {
  const id = fhirIdFor(sourceId, key);
  const copy = rewrite(resource, index, sourceId) as FhirForm['resource'];
  copy.id = id;
  return { type: resource.resourceType, id, resource: copy };
}

function rewrite(value: unknown, index: ReferenceIndex, sourceId: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, index, sourceId));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as JsonObject;
  const out: JsonObject = {};
  for (const key of Object.keys(object)) {
    const item = object[key];
    out[key] = key === 'reference' && typeof item === 'string' ? logicalReference(item, index, sourceId) : rewrite(item, index, sourceId);
  }
  return out;
}

function logicalReference(reference: string, index: ReferenceIndex, sourceId: string): string {
  if (reference.startsWith('#')) return reference;
  const target = index.resolveHeld(reference);
  if (target !== undefined) return `${target.resourceType}/${fhirIdFor(sourceId, target.key)}`;
  const match = relative.exec(reference);
  if (match === null) return reference;
  return `${match[1] ?? ''}/${fhirIdFor(sourceId, match[2] ?? '')}`;
}
