/**
 * The FHIR R4 search parameters of the resource types the FHIR API serves, as generated from the
 * official definitions into r4-search-parameters.json (`npm run generate:fhir-search`), read once.
 */
import { readFileSync } from 'node:fs';
import type { ElementModel } from './fhirpath.js';
import type { SearchParamType } from './index-values.js';

export interface SearchParameterDef {
  /** The name used in a query (the SearchParameter's code). */
  name: string;
  type: SearchParamType;
  /** The FHIRPath expression, the part of a multi-type definition that applies to this type. */
  expression: string;
  /** The types a reference parameter may point to (all of them, served here or not). */
  targets: readonly string[];
  /** The canonical url of the SearchParameter. */
  url: string;
}

type StoredDef = Omit<SearchParameterDef, 'targets'> & { targets?: string[] };

interface DefinitionsFile {
  resource: StoredDef[];
  types: Record<string, StoredDef[]>;
  notSupported: Record<string, Record<string, string>>;
  elements: Record<string, string[]>;
  codeSystems: Record<string, string>;
}

const file = JSON.parse(readFileSync(new URL('./r4-search-parameters.json', import.meta.url), 'utf8')) as DefinitionsFile;

/** The file leaves out the targets of parameters other than references. */
const withTargets = (def: StoredDef): SearchParameterDef =>
  Object.freeze({ ...def, targets: Object.freeze([...(def.targets ?? [])]) });
const resourceLevel = file.resource.map(withTargets);
const byType = new Map<string, ReadonlyMap<string, SearchParameterDef>>(
  Object.entries(file.types).map(([type, defs]) => [type, new Map([...resourceLevel, ...defs.map(withTargets)].map((d) => [d.name, d]))]),
);
const none: ReadonlyMap<string, SearchParameterDef> = new Map();

/** The resource types searchable here. */
export const fhirSearchTypes: readonly string[] = Object.freeze([...byType.keys()]);

/** Every search parameter of a type, its own and those of all resources (_id, _lastUpdated, _tag, _profile, _security, _source); empty for a type not served. */
export function searchParameters(type: string): ReadonlyMap<string, SearchParameterDef> {
  return byType.get(type) ?? none;
}

/** One search parameter of a type, if it has one of that name. */
export function searchParameter(type: string, name: string): SearchParameterDef | undefined {
  return byType.get(type)?.get(name);
}

const notSupported = new Map(Object.entries(file.notSupported).map(([type, names]) => [type, new Map(Object.entries(names))]));

/** Why a parameter R4 defines for a type (or for every resource) is not supported here, if it is one of those. */
export function unsupportedParameter(type: string, name: string): string | undefined {
  return notSupported.get(type)?.get(name) ?? notSupported.get('Resource')?.get(name);
}

/** The part of the R4 element model the expressions walk, for compiling them. */
const elements = new Map(Object.entries(file.elements));
const codeSystems = new Map(Object.entries(file.codeSystems));
export const elementModel: ElementModel = {
  elementTypes: (key) => elements.get(key),
  codeSystem: (path) => codeSystems.get(path),
};
