import type { DataQualityIssue, Location } from '../model.js';
import { contentHash } from './canonical-json.js';
import { type FhirResource, type JsonObject, isObject, list, str } from './fhir-json.js';

/**
 * References between the resources of one input (FHIR R4 "Resolving references in Bundles",
 * http://hl7.org/fhir/R4/bundle.html#references): a reference is matched to an entry's fullUrl, else
 * to an entry by type and id, else taken as a reference to a record held elsewhere when it ends in
 * Type/id. Anything else (a urn:uuid not in the input, a conditional reference) is unresolved.
 */

/** An entry of the input that references can reach. */
export interface Target {
  resourceType: string;
  /** The target's source key. */
  key: string;
  /** The resource, when it is in the input. */
  resource?: FhirResource;
}

/** Relative or absolute reference ending in Type/id, with an optional version. */
const typeAndId = /(?:^|\/)([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;

const urnUuid = 'urn:uuid:';

/** Source key of a resource: its id, else its fullUrl (a urn:uuid without its prefix), else a hash of its content. */
export function sourceKeyOf(resource: FhirResource, fullUrl: string | undefined): string {
  const id = str(resource, 'id');
  if (id !== undefined && id !== '') return id;
  // A Patient sent without an id is known to its source by its own identifier (not the NHS number,
  // which belongs to the nation, and may be missing or wrong): that is the source's id for the person.
  if (resource.resourceType === 'Patient') {
    const local = localIdentifier(resource);
    if (local !== undefined) return local;
  }
  if (fullUrl !== undefined && fullUrl !== '') return fullUrl.startsWith(urnUuid) ? fullUrl.slice(urnUuid.length) : fullUrl;
  return contentHash(resource);
}

/** The resources of one input, found by fullUrl, by Type/id and (for Patients) by identifier. */
export class ReferenceIndex {
  private readonly byUrl = new Map<string, Target>();
  private byIdentifier: Map<string, Target> | undefined;
  private readonly patients: Target[] = [];

  /** Adds an entry; returns the target already held under the same type and key, if any. */
  add(resource: FhirResource, key: string, fullUrl: string | undefined): Target | undefined {
    const target: Target = { resourceType: resource.resourceType, key, resource };
    const typed = `${resource.resourceType}/${key}`;
    const before = this.byUrl.get(typed);
    this.byUrl.set(typed, target);
    if (fullUrl !== undefined && fullUrl !== '') this.byUrl.set(fullUrl, target);
    if (resource.resourceType === 'Patient') this.patients.push(target);
    return before;
  }

  /** The entry of the input a reference names by fullUrl or Type/id, if it is in the input. */
  resolveHeld(reference: string): Target | undefined {
    return this.byUrl.get(reference);
  }

  /** The target of a reference string, or undefined when it cannot be resolved. Contained references are not handled here. */
  resolve(reference: string): Target | undefined {
    const held = this.byUrl.get(reference);
    if (held !== undefined) return held;
    const match = typeAndId.exec(reference);
    if (match === null) return undefined;
    const resourceType = match[1] ?? '';
    const key = match[2] ?? '';
    return this.byUrl.get(`${resourceType}/${key}`) ?? { resourceType, key };
  }

  /** The resource a reference names, when it is in the input (bound, to be passed around as it is). */
  readonly find = (reference: string): FhirResource | undefined => this.resolve(reference)?.resource;

  /** The Patient in the input carrying this identifier (a logical reference, e.g. by NHS number). */
  patientWithIdentifier(system: string, value: string): Target | undefined {
    if (this.byIdentifier === undefined) {
      this.byIdentifier = new Map();
      for (const target of this.patients) {
        for (const identifier of list(target.resource, 'identifier')) {
          if (!isObject(identifier)) continue;
          const s = str(identifier, 'system');
          const v = str(identifier, 'value');
          if (s !== undefined && v !== undefined) this.byIdentifier.set(`${s}|${v}`, target);
        }
      }
    }
    return this.byIdentifier.get(`${system}|${value}`);
  }
}

/** Elements of a resource not searched for references: the narrative, and contained resources (not records of their own). */
const notSearched = new Set(['text', 'contained']);

/**
 * Reports every reference in the resource that resolves to nothing: neither an entry of the input,
 * nor Type/id, nor a contained resource. The resource is kept whatever is found.
 */
export function checkReferences(resource: FhirResource, index: ReferenceIndex, location: Location, issues: DataQualityIssue[]): void {
  const path: (string | number)[] = [resource.resourceType];
  for (const key of Object.keys(resource)) {
    if (notSearched.has(key)) continue;
    path.push(key);
    walk(resource[key], resource, index, path, location, issues);
    path.pop();
  }
}

function walk(
  value: unknown,
  root: FhirResource,
  index: ReferenceIndex,
  path: (string | number)[],
  location: Location,
  issues: DataQualityIssue[],
): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], root, index, path, location, issues);
      path.pop();
    }
    return;
  }
  const object = value as JsonObject;
  const reference = object.reference;
  if (typeof reference === 'string' && !reaches(reference, root, index)) {
    issues.push({
      location: { ...location, field: fieldPath(path) },
      code: 'unresolved-reference',
      message: `${fieldPath(path)} refers to "${reference}", which is neither in this input nor a Type/id reference`,
      rejected: false,
    });
  }
  for (const key of Object.keys(object)) {
    path.push(key);
    walk(object[key], root, index, path, location, issues);
    path.pop();
  }
}

/** A conditional reference ("Organization?identifier=…"), which a transaction may carry for the receiver to resolve. */
const conditionalReference = /^[A-Z][A-Za-z]+\?./;

function reaches(reference: string, root: FhirResource, index: ReferenceIndex): boolean {
  if (reference.startsWith('#')) return reference === '#' || containedById(root, reference.slice(1)) !== undefined;
  // Synthea and other exporters point at practitioners and organisations this way: not an error.
  if (conditionalReference.test(reference)) return true;
  return index.resolve(reference) !== undefined;
}

/** The contained resource with this id, if the resource has one. */
export function containedById(resource: JsonObject, id: string): FhirResource | undefined {
  for (const item of list(resource, 'contained')) {
    if (isObject(item) && item.id === id && typeof item.resourceType === 'string') return item as FhirResource;
  }
  return undefined;
}

/** FHIRPath-like text of a path: Encounter.participant[0].individual. */
export function fieldPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

/** Elements naming the person a resource is about (Condition.subject, AllergyIntolerance.patient …). */
const subjectElements = ['subject', 'patient'] as const;

/**
 * Source key of the Patient the resource is about, or undefined. A subject that is a Group, a
 * Location or a Device gives no key and no issue; a subject that names no record gives an issue
 * (the record is kept, unlinked). Unresolved reference strings are left to checkReferences.
 */
export function resolveSubject(
  resource: FhirResource,
  index: ReferenceIndex,
  location: Location,
  issues: DataQualityIssue[],
): string | undefined {
  for (const element of subjectElements) {
    const value = resource[element];
    if (value === undefined) continue;
    const subject: unknown = Array.isArray(value) ? value[0] : value;
    if (!isObject(subject)) continue;
    const field = `${resource.resourceType}.${element}`;
    const reference = str(subject, 'reference');
    if (reference !== undefined) {
      if (reference.startsWith('#')) {
        issues.push(unlinked(location, field, `${field} is a contained resource, which has no record of its own`));
        return undefined;
      }
      const target = index.resolve(reference);
      return target?.resourceType === 'Patient' ? target.key : undefined;
    }
    const identifier = isObject(subject.identifier) ? subject.identifier : undefined;
    const system = str(identifier, 'system');
    const idValue = str(identifier, 'value');
    if (system !== undefined && idValue !== undefined) {
      const target = index.patientWithIdentifier(system, idValue);
      if (target !== undefined) return target.key;
      issues.push(unlinked(location, field, `${field} names the person by identifier ${system}|${idValue} only, and no Patient in this input has it`));
      return undefined;
    }
    issues.push(unlinked(location, field, `${field} names no record (no reference and no identifier)`));
    return undefined;
  }
  return undefined;
}

function unlinked(location: Location, field: string, message: string): DataQualityIssue {
  return { location: { ...location, field }, code: 'unresolved-reference', message, rejected: false };
}

const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';

/** The value of a Patient's first identifier other than an NHS number. */
function localIdentifier(resource: FhirResource): string | undefined {
  const identifiers = resource.identifier;
  if (!Array.isArray(identifiers)) return undefined;
  for (const identifier of identifiers as unknown[]) {
    if (!isObject(identifier)) continue;
    const value = str(identifier, 'value');
    if (str(identifier, 'system') !== nhsNumberSystem && value !== undefined && value !== '') return value;
  }
  return undefined;
}
