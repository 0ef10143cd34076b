/**
 * Readers for FHIR JSON as parsed: every element is checked for its JSON type before use, so a
 * resource that breaks the specification gives undefined rather than an exception.
 */

export type JsonObject = Record<string, unknown>;

/** A parsed FHIR resource: any JSON object with a string resourceType. */
export interface FhirResource extends JsonObject {
  resourceType: string;
}

const none: readonly unknown[] = Object.freeze([]);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isResource(value: unknown): value is FhirResource {
  return isObject(value) && typeof value.resourceType === 'string' && value.resourceType !== '';
}

/** The string at key, or undefined when absent or of another JSON type. */
export function str(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** The object at key, or undefined. */
export function obj(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = object?.[key];
  return isObject(value) ? value : undefined;
}

/** The array at key, or an empty one (shared, never written to). */
export function list(object: JsonObject | undefined, key: string): readonly unknown[] {
  const value = object?.[key];
  return Array.isArray(value) ? value : none;
}

/** The first object in the array at key, or the object at key when a single one was sent. */
export function first(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = object?.[key];
  if (Array.isArray(value)) {
    const head: unknown = value[0];
    return isObject(head) ? head : undefined;
  }
  return isObject(value) ? value : undefined;
}

const onlyQuestionMarks = /^\?+$/;

/**
 * False for empty text and for text made only of question marks: what is left of a name after a
 * conversion to a character set that lacked its letters (as in the R4 examples CarePlan-f001..f003).
 */
export function isReadable(text: string | undefined): text is string {
  return text !== undefined && text !== '' && !(text.charCodeAt(0) === 63 && onlyQuestionMarks.test(text));
}

/** What a person reads for a CodeableConcept: its text, else the first coding's display, else its code. */
export function conceptText(concept: JsonObject | undefined): string | undefined {
  if (concept === undefined) return undefined;
  const text = str(concept, 'text');
  if (isReadable(text)) return text;
  for (const coding of list(concept, 'coding')) {
    if (!isObject(coding)) continue;
    const display = str(coding, 'display');
    if (isReadable(display)) return display;
  }
  const coding = first(concept, 'coding');
  return str(coding, 'code');
}

/** The first text among the CodeableConcepts of an array element (e.g. Encounter.type). */
export function firstConceptText(object: JsonObject, key: string): string | undefined {
  for (const concept of list(object, key)) {
    const text = isObject(concept) ? conceptText(concept) : undefined;
    if (text !== undefined) return text;
  }
  return undefined;
}

/** True when any coding of the CodeableConcept at key has one of the codes (e.g. clinicalStatus). */
export function hasCode(object: JsonObject, key: string, codes: ReadonlySet<string>): boolean {
  for (const coding of list(obj(object, key), 'coding')) {
    const code = isObject(coding) ? str(coding, 'code') : undefined;
    if (code !== undefined && codes.has(code)) return true;
  }
  return false;
}
