// Writes src/fhir/validation/r4-structures.json from the official FHIR R4 (4.0.1) definitions in the
// dev dependency hl7.fhir.r4.examples, so the validator checks against the specification itself
// rather than a hand-copied schema. Run with `npm run generate:fhir` and commit the result.
//
// Output (compact, short keys):
//   v   FHIR version
//   p   primitive types: { name: { j: JSON kind b|i|d|s, re?: regex as published (XML Schema dialect),
//       lo?/hi?: integer range, ml?: maximum length } }
//   t   resources (k: "r") and complex datatypes (k: "c"): { name: { k, e: elements } }, each element
//       [path relative to the type, types, min, max, summary, value set index?]: types is "a|b" (a
//       path ending in [x] is a choice of those types, named path + capitalised type in JSON) or
//       "#path" for a contentReference to another element of the same type; max is a number or "*"
//   vs  value sets of required bindings on code, Coding and CodeableConcept: [url, { system: [codes] }]
//   nx  required value sets that cannot be expanded from this package, with the reason; the
//       validator does not check those bindings. At 4.0.1 these are mimetypes (urn:ietf:bcp:13) and
//       currencies (urn:iso:std:iso:4217), grammars or external systems with no CodeSystem here;
//       ucum-units (UCUM is a grammar); and LOINC LL379-9 (not in the package).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../node_modules/hl7.fhir.r4.examples/', import.meta.url);
const target = new URL('../src/fhir/validation/r4-structures.json', import.meta.url);
const core = 'http://hl7.org/fhir/StructureDefinition/';
const regexExtension = 'http://hl7.org/fhir/StructureDefinition/regex';
const fhirTypeExtension = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const bindableTypes = new Set(['code', 'Coding', 'CodeableConcept']);
// A filter is expanded only on a system this small, so a whole terminology is never copied in.
const smallSystem = 500;

/** Why a value set is left out: the validator then does not check its binding, rather than guess. */
class NotExpandable extends Error {}

const files = readdirSync(source).filter((name) => name.endsWith('.json'));
const read = (name) => JSON.parse(readFileSync(new URL(name, source), 'utf8'));

const structures = new Map();
const valueSets = new Map();
const codeSystems = new Map();
for (const name of files) {
  if (name.startsWith('StructureDefinition-')) {
    const sd = read(name);
    if (sd.url.startsWith(core)) structures.set(sd.url.slice(core.length), sd);
  } else if (name.startsWith('ValueSet-')) addTerminology(read(name));
  else if (name.startsWith('CodeSystem-')) addTerminology(read(name));
}
// Some terminology resources might be published only inside these bundles; take any not seen yet.
for (const name of ['Bundle-valuesets.json', 'Bundle-v3-valuesets.json', 'Bundle-v2-valuesets.json']) {
  if (!files.includes(name)) continue;
  for (const entry of read(name).entry ?? []) addTerminology(entry.resource, true);
}

function addTerminology(resource, onlyIfNew = false) {
  const map = resource?.resourceType === 'ValueSet' ? valueSets : resource?.resourceType === 'CodeSystem' ? codeSystems : undefined;
  if (map === undefined || typeof resource.url !== 'string') return;
  if (onlyIfNew && map.has(resource.url)) return;
  map.set(resource.url, resource);
}

const isPrimitive = (sd) => sd.kind === 'primitive-type';
const isResource = (sd) => sd.kind === 'resource' && sd.derivation === 'specialization' && sd.abstract !== true;
// Element and BackboneElement are abstract but are the types of inline (backbone) content.
const isDatatype = (sd) =>
  sd.kind === 'complex-type' && (sd.derivation === 'specialization' || sd.type === 'Element') && sd.type === sd.id;

const primitives = {};
for (const sd of [...structures.values()].filter(isPrimitive).sort(byType)) primitives[sd.type] = primitive(sd);

function primitive(sd) {
  const value = sd.snapshot.element.find((e) => e.path === `${sd.type}.value`);
  const out = { j: jsonKind(sd) };
  const regex = value?.type?.[0]?.extension?.find((x) => x.url === regexExtension)?.valueString;
  if (regex !== undefined) out.re = regex;
  const range = integerRange(sd);
  if (range !== undefined) Object.assign(out, range);
  if (typeof value?.maxLength === 'number') out.ml = value.maxLength;
  return out;
}

/** JSON kind from the type's ancestry: json.html gives booleans and numbers their own JSON types. */
function jsonKind(sd) {
  for (let at = sd; at !== undefined; at = structures.get(at.baseDefinition?.slice(core.length))) {
    if (at.type === 'boolean') return 'b';
    if (at.type === 'integer') return 'i';
    if (at.type === 'decimal') return 'd';
  }
  return 's';
}

/** positiveInt and unsignedInt inherit integer's 32-bit range, published only on integer itself. */
function integerRange(sd) {
  for (let at = sd; at !== undefined; at = structures.get(at.baseDefinition?.slice(core.length))) {
    const value = at.snapshot.element.find((e) => e.path === `${at.type}.value`);
    if (typeof value?.minValueInteger === 'number') return { lo: value.minValueInteger, hi: value.maxValueInteger };
  }
  return undefined;
}

const valueSetIndex = new Map();
const vs = [];
const notExpanded = {};
const types = {};
for (const sd of [...structures.values()].filter((s) => isResource(s) || isDatatype(s)).sort(byType)) {
  types[sd.type] = { k: isResource(sd) ? 'r' : 'c', e: sd.snapshot.element.slice(1).map((e) => element(sd, e)) };
}

function element(sd, definition) {
  const path = definition.path.slice(sd.type.length + 1);
  let typeText;
  if (definition.contentReference !== undefined) {
    if (!definition.contentReference.startsWith(`#${sd.type}.`)) {
      throw new Error(`${definition.path}: contentReference ${definition.contentReference} leaves ${sd.type}`);
    }
    typeText = `#${definition.contentReference.slice(sd.type.length + 2)}`;
  } else {
    typeText = definition.type.map((t) => typeCode(sd, path, t)).join('|');
  }
  const out = [path, typeText, definition.min, definition.max === '*' ? '*' : Number(definition.max)];
  const summary = definition.isSummary === true ? 1 : 0;
  const binding = definition.binding;
  const bindable = definition.type?.some((t) => bindableTypes.has(t.code)) === true;
  const index =
    binding?.strength === 'required' && bindable && typeof binding.valueSet === 'string'
      ? valueSetFor(binding.valueSet.split('|')[0])
      : undefined;
  if (index !== undefined) out.push(summary, index);
  else if (summary === 1) out.push(summary);
  return out;
}

/**
 * The FHIR type of an element. Snapshots give id and url elements a FHIRPath System type with the
 * FHIR type in an extension; Resource.id is the id type (R4 resource.html, "Resource Content").
 */
function typeCode(sd, path, type) {
  if (!type.code.startsWith('http://hl7.org/fhirpath/System.')) return type.code;
  if (path === 'id' && isResource(sd)) return 'id';
  const fhirType = type.extension?.find((x) => x.url === fhirTypeExtension)?.valueUrl;
  if (fhirType === undefined) throw new Error(`${sd.type}.${path}: no FHIR type for ${type.code}`);
  return fhirType;
}

function valueSetFor(url) {
  if (valueSetIndex.has(url)) return valueSetIndex.get(url);
  let index;
  try {
    const systems = expand(url, new Set());
    index = vs.length;
    vs.push([url, Object.fromEntries([...systems].map(([system, codes]) => [system, [...codes].sort()]))]);
  } catch (error) {
    if (!(error instanceof NotExpandable)) throw error;
    notExpanded[url] = error.message;
  }
  valueSetIndex.set(url, index);
  return index;
}

/** The codes of a value set by system, from its compose (ValueSet resource, R4 §4.9.5). */
function expand(url, seen) {
  const valueSet = valueSets.get(url);
  if (valueSet === undefined) throw new NotExpandable('the value set is not in the package');
  if (seen.has(url)) throw new NotExpandable('the value set includes itself');
  seen.add(url);
  const include = valueSet.compose?.include;
  if (!Array.isArray(include) || include.length === 0) throw new NotExpandable('the value set has no compose.include');
  if (valueSet.compose.exclude !== undefined) throw new NotExpandable('compose.exclude is not expanded');
  const out = new Map();
  for (const part of include) {
    for (const [system, codes] of includePart(part, seen)) {
      const known = out.get(system) ?? new Set();
      for (const code of codes) known.add(code);
      out.set(system, known);
    }
  }
  return out;
}

function includePart(part, seen) {
  if (part.valueSet !== undefined) {
    if (part.system !== undefined || part.concept !== undefined || part.filter !== undefined) {
      throw new NotExpandable('an include that both imports value sets and names a system is not expanded');
    }
    const out = new Map();
    for (const imported of part.valueSet) for (const [s, codes] of expand(imported.split('|')[0], new Set(seen))) out.set(s, new Set([...(out.get(s) ?? []), ...codes]));
    return out;
  }
  const system = part.system;
  if (typeof system !== 'string') throw new NotExpandable('an include names no system');
  if (Array.isArray(part.concept)) return new Map([[system, new Set(part.concept.map((c) => c.code))]]);
  const codeSystem = codeSystems.get(system);
  if (codeSystem === undefined) throw new NotExpandable(`the code system ${system} is not in the package`);
  if (codeSystem.content !== 'complete') throw new NotExpandable(`the code system ${system} is published as ${codeSystem.content}, not complete`);
  const concepts = flatten(codeSystem.concept ?? [], undefined, []);
  const abstract = new Set(concepts.filter((c) => c.abstract).map((c) => c.code));
  const selectable = (codes) => new Set([...codes].filter((code) => !abstract.has(code)));
  if (part.filter === undefined) return new Map([[system, selectable(concepts.map((c) => c.code))]]);
  const [filter, ...more] = part.filter;
  if (more.length > 0 || filter.property !== 'concept' || filter.op !== 'is-a' || concepts.length > smallSystem) {
    throw new NotExpandable(`the filter on ${system} is not a single is-a on a small system`);
  }
  const codes = new Set([filter.value]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of concepts) {
      if (c.parent === undefined || !codes.has(c.parent) || codes.has(c.code)) continue;
      codes.add(c.code);
      grew = true;
    }
  }
  return new Map([[system, selectable(codes)]]);
}

/**
 * Every concept of a hierarchy, each with its parent's code (nested concepts are is-a children) and
 * whether it is abstract: a notSelectable concept is in an expansion "for navigational purposes" only
 * and is not a valid value (R4 ValueSet.expansion.contains.abstract).
 */
function flatten(concepts, parent, out) {
  for (const c of concepts) {
    const abstract = c.property?.some((p) => (p.code === 'notSelectable' || p.code === 'abstract') && p.valueBoolean === true) === true;
    out.push({ code: c.code, parent, abstract });
    flatten(c.concept ?? [], c.code, out);
  }
  return out;
}

function byType(a, b) {
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

const data = { v: '4.0.1', p: primitives, t: types, vs, nx: notExpanded };
const text = JSON.stringify(data);
writeFileSync(target, `${text}\n`);
const counts = Object.values(types).reduce((n, t) => ({ r: n.r + (t.k === 'r' ? 1 : 0), c: n.c + (t.k === 'c' ? 1 : 0) }), { r: 0, c: 0 });
console.log(
  `Wrote ${fileURLToPath(target)}: ${counts.r} resources, ${counts.c} datatypes, ${Object.keys(primitives).length} primitives, ` +
    `${vs.length} value sets (${Object.keys(notExpanded).length} not expandable), ${(text.length / 1024).toFixed(0)} KiB`,
);
for (const [url, reason] of Object.entries(notExpanded)) console.log(`  not expanded: ${url}: ${reason}`);
compareWithPublishedExpansions();

/** A check on the expansion code above: the package also publishes expansions of many value sets. */
function compareWithPublishedExpansions() {
  const name = 'Bundle-valueset-expansions.json';
  if (!files.includes(name)) return;
  const published = new Map();
  for (const entry of read(name).entry ?? []) if (entry.resource?.expansion) published.set(entry.resource.url, entry.resource.expansion);
  const codes = (contains, out) => {
    for (const c of contains ?? []) {
      if (c.code !== undefined && c.abstract !== true) out.add(`${c.system}#${c.code}`);
      codes(c.contains, out);
    }
    return out;
  };
  let compared = 0;
  for (const [url, systems] of vs) {
    const expansion = published.get(url);
    if (expansion === undefined) continue;
    compared++;
    const theirs = codes(expansion.contains, new Set());
    const ours = new Set(Object.entries(systems).flatMap(([system, list]) => list.map((code) => `${system}#${code}`)));
    const differ = [...ours].filter((c) => !theirs.has(c)).concat([...theirs].filter((c) => !ours.has(c)));
    if (differ.length > 0) console.log(`  differs from the published expansion: ${url}: ${differ.slice(0, 5).join(', ')}`);
  }
  console.log(`  compared ${compared} expansions with ${name}`);
}
