/**
 * The FHIR R4 definitions the validator checks against, read once from r4-structures.json (written
 * by scripts/generate-fhir-structures.mjs from the official package hl7.fhir.r4.examples) and turned
 * into lookups: for every resource, datatype and backbone element, its JSON property names.
 */
import { readFileSync } from 'node:fs';
import { type Primitive, compilePrimitive } from './primitive-values.js';

/** One element of a type, as its StructureDefinition snapshot gives it. */
export interface ElementDefinition {
  /** The path within its type, e.g. "referenceRange.low" or "value[x]". */
  readonly path: string;
  /** Its name in JSON; for a choice, without [x] ("value" for valueQuantity, valueString …). */
  readonly name: string;
  readonly min: number;
  /** Infinity for "*". */
  readonly max: number;
  readonly types: readonly string[];
  readonly choice: boolean;
  /** Its names in JSON: the name, or for a choice one per type (R4 formats.html#choice). */
  readonly jsonNames: readonly string[];
  readonly summary: boolean;
  /** Backbone content defined inline, or the element a contentReference names. */
  content: ComplexType | undefined;
  /** Codes of a required binding, when the value set could be expanded. */
  readonly codes: CodeSet | undefined;
}

/** A JSON property name of a complex type: the element, and the type that name stands for. */
export interface Property {
  readonly element: ElementDefinition;
  readonly type: string;
  /** Set when the type is primitive, so the value is checked as JSON text, number or boolean. */
  readonly primitive: Primitive | undefined;
}

/** A resource, a datatype, or the backbone content of one of their elements. */
export interface ComplexType {
  /** "Observation", "HumanName", or "Observation.referenceRange" for backbone content. */
  readonly name: string;
  /** The type it belongs to: "Observation" for Observation.referenceRange. */
  readonly base: string;
  readonly resource: boolean;
  readonly properties: ReadonlyMap<string, Property>;
  /** Property names by their lower case, to suggest the one meant by "birthdate". */
  readonly lowerCaseNames: ReadonlyMap<string, string>;
  readonly elements: readonly ElementDefinition[];
  readonly required: readonly ElementDefinition[];
}

/** The allowed codes of a value set: all of them (for code), and by system (for Coding). */
export interface CodeSet {
  readonly url: string;
  readonly codes: ReadonlySet<string>;
  readonly bySystem: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Structures {
  readonly resources: ReadonlyMap<string, ComplexType>;
  readonly datatypes: ReadonlyMap<string, ComplexType>;
  readonly primitives: ReadonlyMap<string, Primitive>;
  readonly resourceTypes: ReadonlySet<string>;
}

/** The data file as written by the generator (see its header for the keys). */
interface StructuresFile {
  v: string;
  p: Record<string, { j: 'b' | 'i' | 'd' | 's'; re?: string; lo?: number; hi?: number; ml?: number }>;
  t: Record<string, { k: 'r' | 'c'; e: [string, string, number, number | '*', (0 | 1)?, number?][] }>;
  vs: [string, Record<string, string[]>][];
}

let loaded: Structures | undefined;

/** The structures, loaded on first use. */
export function structures(): Structures {
  loaded ??= build(JSON.parse(readFileSync(new URL('./r4-structures.json', import.meta.url), 'utf8')) as StructuresFile);
  return loaded;
}

function build(file: StructuresFile): Structures {
  const primitives = new Map<string, Primitive>();
  for (const [name, p] of Object.entries(file.p)) primitives.set(name, compilePrimitive(name, p));
  const codeSets = file.vs.map(([url, systems]): CodeSet => {
    const bySystem = new Map(Object.entries(systems).map(([system, codes]) => [system, new Set(codes)]));
    return { url, codes: new Set(Object.values(systems).flat()), bySystem };
  });
  const resources = new Map<string, ComplexType>();
  const datatypes = new Map<string, ComplexType>();
  for (const [name, type] of Object.entries(file.t)) {
    const root = buildType(name, type.k === 'r', type.e, primitives, codeSets);
    (type.k === 'r' ? resources : datatypes).set(name, root);
  }
  return { resources, datatypes, primitives, resourceTypes: new Set(resources.keys()) };
}

/** A type's tree: one ComplexType for the type and one for each backbone element in it. */
function buildType(
  name: string,
  resource: boolean,
  rows: StructuresFile['t'][string]['e'],
  primitives: ReadonlyMap<string, Primitive>,
  codeSets: readonly CodeSet[],
): ComplexType {
  const nodes = new Map<string, { elements: ElementDefinition[] }>([['', { elements: [] }]]);
  const references: [ElementDefinition, string][] = [];
  for (const [path, typeText, min, max, summary, valueSet] of rows) {
    const dot = path.lastIndexOf('.');
    const last = path.slice(dot + 1);
    const choice = last.endsWith('[x]');
    const contentReference = typeText.startsWith('#');
    const elementName = choice ? last.slice(0, -3) : last;
    const types = contentReference ? [] : typeText.split('|');
    const element: ElementDefinition = {
      path,
      name: elementName,
      min,
      max: max === '*' ? Infinity : max,
      types,
      choice,
      // A choice is named in JSON by the element and its type, capitalised.
      jsonNames: choice ? types.map((type) => `${elementName}${type.charAt(0).toUpperCase()}${type.slice(1)}`) : [elementName],
      summary: summary === 1,
      content: undefined,
      codes: valueSet === undefined ? undefined : codeSets[valueSet],
    };
    if (contentReference) references.push([element, typeText.slice(1)]);
    nodes.get(dot < 0 ? '' : path.slice(0, dot))?.elements.push(element);
    nodes.set(path, { elements: [] });
  }
  const contents = new Map<string, ComplexType>();
  for (const [path, node] of nodes) {
    if (path !== '' && node.elements.length === 0) continue;
    contents.set(path, complexType(path === '' ? name : `${name}.${path}`, name, resource && path === '', node.elements, primitives));
  }
  for (const content of contents.values()) {
    for (const element of content.elements) {
      if (element.types.length > 0 && contents.has(element.path)) element.content = contents.get(element.path);
    }
  }
  for (const [element, target] of references) element.content = contents.get(target);
  const root = contents.get('');
  if (root === undefined) throw new Error(`No elements for ${name}`);
  return root;
}

function complexType(
  name: string,
  base: string,
  resource: boolean,
  elements: readonly ElementDefinition[],
  primitives: ReadonlyMap<string, Primitive>,
): ComplexType {
  const properties = new Map<string, Property>();
  for (const element of elements) {
    if (!element.choice) {
      const type = element.types[0] ?? 'BackboneElement';
      properties.set(element.name, { element, type, primitive: primitives.get(type) });
      continue;
    }
    element.types.forEach((type, i) => {
      properties.set(element.jsonNames[i] ?? type, { element, type, primitive: primitives.get(type) });
    });
  }
  const lowerCaseNames = new Map([...properties.keys()].map((key) => [key.toLowerCase(), key]));
  return { name, base, resource, properties, lowerCaseNames, elements, required: elements.filter((e) => e.min > 0) };
}

/** True when the top-level element (by JSON name, "valueQuantity", or as "value[x]") is a summary element of the type. */
export function isSummaryElement(type: string, element: string): boolean {
  const all = structures();
  const complex = all.resources.get(type) ?? all.datatypes.get(type);
  const definition = complex?.properties.get(element)?.element ?? complex?.elements.find((e) => e.path === element || e.name === element);
  return definition?.summary === true;
}

/** Every R4 resource type (146 at 4.0.1), so a contained resource or Bundle entry of any type is known. */
export function knownResourceTypes(): ReadonlySet<string> {
  return structures().resourceTypes;
}
