// The search expressions against a known answer: for every official R4 example of a type we serve
// (npm package hl7.fhir.r4.examples, on their own and inside Bundles) and every search parameter of
// that type, what our evaluator selects equals what HL7's fhirpath.js selects for the expression.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { describe, expect, it } from 'vitest';
import { compiledParameters, extractIndex } from './extract.js';
import { indexedElementTypes } from './index-values.js';
import { fhirSearchTypes, searchParameters } from './parameters.js';

const examples = path.dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));

interface Resource {
  resourceType: string;
  id?: string;
  [key: string]: unknown;
}

function loadExamples(): Resource[] {
  const byKey = new Map<string, Resource>();
  const keep = (r: Resource): void => {
    if (fhirSearchTypes.includes(r.resourceType)) byKey.set(`${r.resourceType}/${r.id ?? byKey.size}`, r);
  };
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.json'))) {
    const type = file.slice(0, file.indexOf('-'));
    if (type !== 'Bundle' && !fhirSearchTypes.includes(type)) continue;
    const resource = JSON.parse(readFileSync(path.join(examples, file), 'utf8')) as Resource;
    if (resource.resourceType === 'Bundle') {
      for (const entry of (resource.entry ?? []) as { resource?: Resource }[]) if (entry.resource !== undefined) keep(entry.resource);
    } else {
      keep(resource);
    }
  }
  return [...byKey.values()];
}

const all = loadExamples();
const referenceType = (value: unknown): string | undefined => {
  const reference = (value as { reference?: unknown } | null)?.reference;
  return typeof reference === 'string' ? /(?:^|\/)([A-Z][A-Za-z]+)\/[^/]+(?:\/_history\/[^/]+)?$/.exec(reference)?.[1] : undefined;
};
const resolveClause = /\.where\(resolve\(\) is ([A-Za-z]+)\)/g;

/** The FHIR types of FHIRPath's own results (a computed boolean). */
const systemTypes: Readonly<Record<string, string>> = { 'System.Boolean': 'boolean', 'System.String': 'string' };

/**
 * fhirpath.js holds to the letter of FHIRPath, where `(x as T)` needs x to be a single item, and so
 * throws on `(Observation.component.value as CodeableConcept)` over several components; a search
 * parameter means every item of type T (as every server reads it), which is what ofType(T) says.
 */
function evaluate(resource: Resource, expression: string): unknown[] {
  try {
    return fhirpath.evaluate(resource, expression, undefined, r4, { resolveInternalTypes: false }) as unknown[];
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('Expected singleton')) throw error;
    const filtered = expression.replace(/\(([A-Za-z.]+) as ([A-Za-z]+)\)/g, '$1.ofType($2)');
    return fhirpath.evaluate(resource, filtered, undefined, r4, { resolveInternalTypes: false }) as unknown[];
  }
}

/**
 * What fhirpath.js selects, as value and type; `where(resolve() is T)` (which it cannot run without a
 * server) as a filter on the reference's type. Each part of a union is evaluated on its own: union's
 * removal of duplicates compares quantities by FHIRPath equality (1e-245 g equals 1e-22 g to its
 * precision) and throws on a quantity with a comparator, where an index keeps every value.
 */
function oracle(resource: Resource, expression: string): string[] {
  const selected = new Set<string>();
  for (const part of expression.split(' | ')) {
    const targets = new Set([...part.matchAll(resolveClause)].map((m) => m[1]));
    const nodes = evaluate(resource, part.replace(resolveClause, ''));
    const types = fhirpath.types(nodes);
    const values = fhirpath.resolveInternalTypes(nodes) as unknown[];
    values.forEach((value, i) => {
      if (value === null || value === undefined) return;
      if (targets.size > 0 && !targets.has(referenceType(value) ?? '')) return;
      const type = (types[i] ?? '').replace(/^FHIR\./, '');
      selected.add(`${JSON.stringify(value)} as ${systemTypes[type] ?? type}`);
    });
  }
  return [...selected].sort();
}

function ours(type: string, name: string, resource: Resource): string[] {
  const parameter = compiledParameters(type).find((p) => p.name === name);
  if (parameter === undefined) throw new Error(`no compiled parameter ${type}.${name}`);
  return [...new Set(parameter.path.select(resource).map((item) => `${JSON.stringify(item.value)} as ${item.type}`))].sort();
}

const cases = all.flatMap((resource) =>
  [...searchParameters(resource.resourceType).values()]
    .filter((p) => p.name !== '_id' && p.name !== '_lastUpdated')
    .map((p) => ({ resource, parameter: p.name, expression: p.expression, label: `${resource.resourceType}/${resource.id ?? '?'} ${p.name}` })),
);

describe('the evaluator agrees with fhirpath.js on the official examples', () => {
  it('covers every type we serve, with hundreds of examples', () => {
    expect(new Set(all.map((r) => r.resourceType)).size).toBe(fhirSearchTypes.length);
    expect(all.length).toBeGreaterThan(300);
  });

  it('selects something for most parameters somewhere in the examples', () => {
    const used = new Set(cases.filter((c) => ours(c.resource.resourceType, c.parameter, c.resource).length > 0).map((c) => `${c.resource.resourceType}.${c.parameter}`));
    expect(used.size).toBeGreaterThan(250);
  });

  it.each(all.map((r) => ({ r, label: `${r.resourceType}/${r.id ?? '?'}` })))('$label: every parameter selects what fhirpath.js selects', ({ r }) => {
    const mismatches = cases
      .filter((c) => c.resource === r)
      .map((c) => ({ parameter: c.parameter, expression: c.expression, ours: ours(r.resourceType, c.parameter, r), oracle: oracle(r, c.expression) }))
      .filter((c) => JSON.stringify(c.ours) !== JSON.stringify(c.oracle));
    expect(mismatches).toEqual([]);
  });
});

describe('what the parameters select is indexed', () => {
  /** Selected types that are deliberately not indexed (see indexedElementTypes). */
  const notIndexed = new Set(['CarePlan.activity-date string', 'Consent.source-reference Attachment', 'Procedure.date Age', 'Procedure.date Range', 'Procedure.date string',
    'Observation.combo-value-quantity SampledData', 'Observation.component-value-quantity SampledData', 'Observation.value-quantity SampledData']);

  it.each(fhirSearchTypes)('%s: every type a parameter can select has a rule, or is a known exception', (type) => {
    const unhandled = compiledParameters(type).flatMap((p) =>
      p.path.types.filter((t) => !indexedElementTypes[p.type].includes(t)).map((t) => `${type}.${p.name} ${t}`)).filter((c) => !notIndexed.has(c));
    expect(unhandled).toEqual([]);
  });

  it('extracts from every example, each value of a parameter once', () => {
    for (const r of all) {
      const values = extractIndex(r);
      for (const rows of Object.values(values) as object[][]) expect(new Set(rows.map((v) => JSON.stringify(v))).size).toBe(rows.length);
    }
  });
});
