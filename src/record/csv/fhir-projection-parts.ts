/**
 * What every part of the FHIR projection of a CSV record shares: the record's row read with the
 * importers' own reader (so NHS England's column spellings and the sources' date forms read as the
 * import read them), the reference to the person, and builders of FHIR datatypes that leave out what
 * the row lacks.
 */
import { fhirIdFor } from '../fhir-ids.js';
import type { FhirResource, JsonObject } from '../fhir/fhir-json.js';
import type { NormalisedRecord } from '../model.js';
import { type CldListColumn, cldLists } from './cld-values.js';
import type { CsvRow } from './columns.js';
import { cldSystem, recordIdSystem } from './fhir-projection-codes.js';
import { RowContext } from './row-context.js';

/** The optional elements of an Encounter, in R4 element order. */
export interface EncounterParts {
  readonly contained?: unknown;
  readonly extension?: unknown;
  /** Identifiers after the record's own key. */
  readonly identifier?: unknown[];
  readonly priority?: unknown;
  readonly type?: unknown;
  readonly serviceType?: unknown;
  readonly period?: unknown;
  readonly reasonCode?: unknown;
  readonly diagnosis?: unknown;
  readonly hospitalization?: unknown;
  readonly location?: unknown;
}

export interface Projection {
  readonly sourceId: string;
  readonly record: NormalisedRecord;
  /** The record's payload as the importer read it; its issues were reported at import and are not kept. */
  readonly row: RowContext;
  /** `Patient/<id>` of the person the record is about, when it is about someone. */
  readonly subject: string | undefined;
}

/**
 * What each record type puts before its key in its logical id, so that two kinds of row with the same
 * key never share an id: a council's people file and its Client Level Data return both describe
 * person LA123 (Patient/council.LA123 and Patient/council.cld-LA123, one person in the index), and a
 * hospital may number its spells and its A&E attendances alike.
 */
const idPrefixes: Readonly<Record<string, string>> = {
  CldPerson: 'cld-', CldEvent: 'cld-event-', HospitalSpell: 'spell-', AeAttendance: 'ae-', OutpatientAppointment: 'op-', CommunityContact: 'contact-',
};

/** The logical id of the resource a record of `resourceType` with `key` projects to. */
export function projectedId(sourceId: string, resourceType: string, key: string): string {
  return fhirIdFor(sourceId, `${idPrefixes[resourceType] ?? ''}${key}`);
}

/** `Patient/<id>` of the person a record names: a CLD row's own person, or the source's patient record. */
export function personReference(sourceId: string, recordType: string, personKey: string): string {
  return `Patient/${projectedId(sourceId, recordType === 'CldEvent' ? 'CldPerson' : 'PasPatient', personKey)}`;
}

/** The projection context of a record whose payload is a CSV row; undefined for any other payload. */
export function projectionOf(record: NormalisedRecord, sourceId: string): Projection | undefined {
  if (!isCsvRow(record.payload)) return undefined;
  const subject = record.subjectKey === undefined ? undefined : personReference(sourceId, record.resourceType, record.subjectKey);
  return { sourceId, record, row: new RowContext(record.payload, { line: 0 }), subject };
}

/** The record's own key as an identifier: its id may be a hash of the key (fhir-ids.ts), the key never is. */
export function ownIdentifier(p: Projection): JsonObject | undefined {
  return identifier(recordIdSystem(p.sourceId, p.record.resourceType), p.record.sourceKey);
}

/** An Encounter of the record with its required status and class, its person, and `parts` (R4 element order). */
export function encounter(p: Projection, status: string, cls: JsonObject, parts: EncounterParts): FhirResource {
  return {
    resourceType: 'Encounter',
    id: projectedId(p.sourceId, p.record.resourceType, p.record.sourceKey),
    contained: parts.contained,
    extension: parts.extension,
    identifier: [ownIdentifier(p), ...(parts.identifier ?? [])],
    status,
    class: cls,
    priority: parts.priority,
    type: parts.type,
    serviceType: parts.serviceType,
    subject: { reference: p.subject },
    period: parts.period,
    reasonCode: parts.reasonCode,
    diagnosis: parts.diagnosis,
    hospitalization: parts.hospitalization,
    location: parts.location,
  };
}

function isCsvRow(payload: unknown): payload is CsvRow {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  return Object.values(payload).every((value) => typeof value === 'string');
}

/** FHIR R4 `code`: no leading, trailing or doubled whitespace (R4 datatypes, "code"). */
const codePattern = /^[^\s]+(\s[^\s]+)*$/;

export function isFhirCode(text: string): boolean {
  return codePattern.test(text);
}

export function coding(system: string, code: string, display?: string): JsonObject {
  return display === undefined ? { system, code } : { system, code, display };
}

/**
 * A CodeableConcept of a code in `system`, with `text` for the words; a code that is not a valid
 * FHIR code keeps only its words. Undefined when there is neither.
 */
export function concept(system: string, code: string, display?: string, text?: string): JsonObject | undefined {
  if (isFhirCode(code)) {
    const out: JsonObject = { coding: [coding(system, code, display)] };
    if (text !== undefined && text !== '') out.text = text;
    return out;
  }
  return textConcept(text ?? display ?? code.trim());
}

/** A CodeableConcept of words alone; undefined for none. */
export function textConcept(text: string): JsonObject | undefined {
  return text === '' ? undefined : { text };
}

/**
 * A Client Level Data value as a CodeableConcept: a value on the field's defined list (matched as the
 * import matches it, whatever the council's spelling) is coded in `cld-<field>` with the canonical
 * value as code and display; any other value, or a field with no defined list, is kept as text.
 */
export function cldConcept(field: string, text: string): JsonObject | undefined {
  if (text === '') return undefined;
  const value = Object.hasOwn(cldLists, field) ? cldLists[field as CldListColumn].match(text) : undefined;
  return value === undefined ? textConcept(text) : concept(cldSystem(field), value, value);
}

/** `{start, end}`; an end before the start (which the importer rejects) is left out rather than break per-1. */
export function period(start: string | undefined, end: string | undefined): JsonObject | undefined {
  if (start === undefined) return end === undefined ? undefined : { end };
  return end === undefined || end < start ? { start } : { start, end };
}

export function identifier(system: string, value: string): JsonObject | undefined {
  return value === '' ? undefined : { system, value };
}

/**
 * A complex extension of sub-extensions named by `url` (ext-1: an extension has a value or
 * sub-extensions, never both); undefined when no part has a value.
 */
export function complexExtension(url: string, parts: readonly (JsonObject | undefined)[]): JsonObject | undefined {
  const present = parts.filter((part): part is JsonObject => part !== undefined);
  return present.length === 0 ? undefined : { url, extension: present };
}

/** A simple extension `{url, value<Type>: value}`, or undefined when there is no value. */
export function valueExtension(url: string, type: string, value: unknown): JsonObject | undefined {
  return value === undefined ? undefined : { url, [`value${type}`]: value };
}

/**
 * The value without undefined, empty strings, empty arrays or empty objects, at any depth: FHIR JSON
 * has no empty values (R4 JSON §2.6.2.4, and ele-1 "All FHIR elements must have a @value or children").
 */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(compact).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object' && value !== null) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = compact(item);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === '' ? undefined : value;
}
