// What the FHIR API can do, read from its CapabilityStatement (http://hl7.org/fhir/R4/capabilitystatement.html).
import { isRecord } from './person.js';

/** The interactions a client may use on a resource type, in the words of FHIR R4 http.html. */
export type Interaction = 'read' | 'vread' | 'create' | 'update' | 'delete' | 'history' | 'search';

/** The order interactions are listed in: reading, then writing, then finding. */
export const interactionOrder: readonly Interaction[] = ['read', 'vread', 'create', 'update', 'delete', 'history', 'search'];

/** CapabilityStatement interaction codes (TypeRestfulInteraction) and the interaction each is part of. */
const interactionCodes: Readonly<Record<string, Interaction>> = {
  read: 'read',
  vread: 'vread',
  create: 'create',
  update: 'update',
  delete: 'delete',
  'history-instance': 'history',
  'history-type': 'history',
  'search-type': 'search',
};

export interface SearchParameter {
  name: string;
  /** The FHIR search parameter type: string, token, date, reference … */
  type: string;
  /** The canonical URL of its SearchParameter definition, when given. */
  definition: string | null;
}

/** One resource type the server holds, and what may be done with it. */
export interface ResourceTypeCapability {
  type: string;
  interactions: ReadonlySet<Interaction>;
  searchParameters: SearchParameter[];
  /** `_include` values, e.g. "Observation:subject" or "*". */
  includes: string[];
  /** `_revinclude` values, e.g. "Observation:patient". */
  revIncludes: string[];
  /** Named operations, e.g. "everything". */
  operations: string[];
}

export interface FhirCapabilities {
  fhirVersion: string;
  software: { name: string; version: string };
  /** MIME types the server speaks, e.g. "application/fhir+json". */
  formats: string[];
  /** What the server says about itself (CapabilityStatement.rest.documentation). */
  documentation: string | null;
  types: ResourceTypeCapability[];
  /** Search parameters every type takes (_id, _lastUpdated …). */
  commonParameters: SearchParameter[];
  /** Whole-system interactions: transaction, batch, history-system … */
  systemInteractions: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function codesOf(value: unknown, key: 'code' | 'name'): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const code = isRecord(item) ? item[key] : undefined;
    return typeof code === 'string' ? [code] : [];
  });
}

function searchParametersOf(value: unknown): SearchParameter[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (!isRecord(item) || typeof item.name !== 'string' || typeof item.type !== 'string') return [];
    return [{ name: item.name, type: item.type, definition: typeof item.definition === 'string' ? item.definition : null }];
  });
}

function resourceTypeOf(value: unknown): ResourceTypeCapability[] {
  if (!isRecord(value) || typeof value.type !== 'string') return [];
  const interactions = new Set(codesOf(value.interaction, 'code').flatMap((code) => interactionCodes[code] ?? []));
  return [
    {
      type: value.type,
      interactions,
      searchParameters: searchParametersOf(value.searchParam),
      includes: strings(value.searchInclude),
      revIncludes: strings(value.searchRevInclude),
      operations: codesOf(value.operation, 'name'),
    },
  ];
}

/**
 * The parts of a CapabilityStatement the page shows, or undefined when the body is not a server's
 * CapabilityStatement, so a server that answers with something else gives a clear error.
 */
export function toCapabilities(body: unknown): FhirCapabilities | undefined {
  if (!isRecord(body) || body.resourceType !== 'CapabilityStatement' || typeof body.fhirVersion !== 'string') return undefined;
  const rest: unknown = Array.isArray(body.rest) ? body.rest.find((r) => isRecord(r) && r.mode === 'server') : undefined;
  if (!isRecord(rest)) return undefined;
  const software = isRecord(body.software) ? body.software : {};
  return {
    fhirVersion: body.fhirVersion,
    software: {
      name: typeof software.name === 'string' ? software.name : 'Unknown',
      version: typeof software.version === 'string' ? software.version : 'unknown',
    },
    formats: strings(body.format).filter((format) => format.includes('/')),
    documentation: typeof rest.documentation === 'string' && rest.documentation !== '' ? rest.documentation : null,
    types: Array.isArray(rest.resource) ? rest.resource.flatMap(resourceTypeOf) : [],
    commonParameters: searchParametersOf(rest.searchParam),
    systemInteractions: codesOf(rest.interaction, 'code'),
  };
}

/** "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** Words that start a sentence or a table cell: "read and search only" → "Read and search only". */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const reading: readonly Interaction[] = ['read', 'vread', 'history'];
const writing: readonly Interaction[] = ['create', 'update', 'delete'];

/**
 * What a client may do with a type, in words: "read, write and search" when it has every
 * interaction, "read and search only" when it may not be written; otherwise each one allowed.
 * "Read" covers past versions (vread) and history; "write" is create, update and delete.
 */
export function describeInteractions(interactions: ReadonlySet<Interaction>): string {
  if (interactions.size === 0) return 'none';
  const all = (group: readonly Interaction[]) => group.every((interaction) => interactions.has(interaction));
  const none = (group: readonly Interaction[]) => !group.some((interaction) => interactions.has(interaction));
  const search = interactions.has('search');
  if (all(reading) && all(writing) && search) return 'read, write and search';
  if (all(reading) && none(writing)) return search ? 'read and search only' : 'read only';
  return listInWords(interactionOrder.filter((interaction) => interactions.has(interaction)));
}

/** "4.0.1 (R4)": the release name beside the version number, as integrators look it up. */
export function fhirRelease(version: string): string {
  const releases: readonly [string, string][] = [
    ['4.0.', 'R4'],
    ['4.3.', 'R4B'],
    ['5.0.', 'R5'],
    ['3.0.', 'STU3'],
  ];
  const release = releases.find(([prefix]) => version.startsWith(prefix))?.[1];
  return release === undefined ? version : `${version} (${release})`;
}
