/**
 * The search index values of a resource: each search parameter of its type evaluated over it, and
 * what it selects turned into index rows (see index-values.ts). Every expression is compiled when
 * this module loads, so extracting is a walk over the resource.
 */
import { type CompiledPath, compileFhirPath } from './fhirpath.js';
import { IndexCollector, type IndexValues, type SearchParamType } from './index-values.js';
import { elementModel, fhirSearchTypes, searchParameters } from './parameters.js';

interface CompiledParameter {
  name: string;
  type: SearchParamType;
  path: CompiledPath;
}

/** Served from the record's own columns (fhir_id, received_at), not the index. */
const fromColumns = new Set(['_id', '_lastUpdated']);

function compileType(type: string): CompiledParameter[] {
  return [...searchParameters(type).values()]
    .filter((def) => !fromColumns.has(def.name))
    .map((def) => ({ name: def.name, type: def.type, path: compileFhirPath(def.expression, type, elementModel) }));
}

const compiled = new Map(fhirSearchTypes.map((type) => [type, compileType(type)]));

/** The compiled search parameters of a type (for tests and tools that look at what each selects). */
export function compiledParameters(type: string): readonly CompiledParameter[] {
  return compiled.get(type) ?? [];
}

/** The index values of a resource; none for a type not served. */
export function extractIndex(resource: { resourceType: string } & Record<string, unknown>): IndexValues {
  const collector = new IndexCollector();
  for (const parameter of compiled.get(resource.resourceType) ?? []) {
    for (const item of parameter.path.select(resource)) collector.add(parameter.type, parameter.name, item);
  }
  return collector.values;
}
