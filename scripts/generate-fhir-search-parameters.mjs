// Writes src/record/search/r4-search-parameters.json, the FHIR R4 search parameters of the resource
// types the FHIR API serves, from the official definitions in the dev dependency
// hl7.fhir.r4.examples (Bundle-searchParams.json, cross-checked against the SearchParameter-*.json
// files), with the part of the element model (StructureDefinitions) their expressions walk and the
// code system of each code element they reach whose required binding draws on one code system.
//
// Every expression is compiled with the evaluator the server uses (src/record/search/fhirpath.ts),
// so a form it does not support stops the script with a report rather than leaving a parameter
// that indexes nothing. Run with `npm run generate:fhir-search`.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const examples = path.dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
const output = path.join(root, 'src/record/search/r4-search-parameters.json');
const { compileFhirPath, FhirPathError } = await tsImport('../src/record/search/fhirpath.ts', import.meta.url);
const { indexedElementTypes } = await tsImport('../src/record/search/index-values.ts', import.meta.url);

/** The resource types the FHIR API serves. */
const supportedTypes = [
  'AllergyIntolerance', 'AuditEvent', 'CarePlan', 'CareTeam', 'Condition', 'Consent', 'Encounter', 'EpisodeOfCare', 'Flag', 'Goal',
  'MedicationRequest', 'MedicationStatement', 'Observation', 'Organization', 'Patient', 'Practitioner', 'PractitionerRole',
  'Procedure', 'Provenance', 'Questionnaire', 'QuestionnaireResponse', 'ServiceRequest', 'Task',
];
/** The parameters of all resources that we serve (the others need full-text search, lists or reverse chaining). */
const resourceParameters = ['_id', '_lastUpdated', '_tag', '_profile', '_security', '_source'];
const unsupportedNames = new Set(['_text', '_content', '_query', '_filter', '_list', '_has']);
const indexedKinds = new Set(['token', 'string', 'date', 'reference', 'quantity', 'number', 'uri']);

const read = (file) => JSON.parse(readFileSync(path.join(examples, file), 'utf8'));
const files = readdirSync(examples);
const report = { skipped: [], notIndexed: [], failures: [], mismatches: [] };
/** Parameters defined for a type but not supported, and why: the parser names the reason. */
const notSupported = { Resource: {} };

// The element model: every element of every base type and resource, by its path.
const elementTypes = new Map();
const bindings = new Map();
for (const file of files.filter((f) => f.startsWith('StructureDefinition-'))) {
  const sd = read(file);
  if (sd.kind === 'logical' || (sd.derivation !== undefined && sd.derivation !== 'specialization')) continue;
  for (const element of sd.snapshot?.element ?? []) {
    if (!element.path.includes('.')) continue;
    const types = element.contentReference !== undefined
      ? [`#${element.contentReference.slice(element.contentReference.indexOf('#') + 1)}`]
      : (element.type ?? []).map(fhirType);
    elementTypes.set(element.path, types);
    if (element.binding?.strength === 'required' && element.binding.valueSet !== undefined) bindings.set(element.path, element.binding.valueSet.split('|')[0]);
  }
}

/** The FHIR type of an element type; System.String and the like carry theirs in an extension. */
function fhirType(type) {
  if (!type.code.startsWith('http://hl7.org/fhirpath/System.')) return type.code;
  const declared = (type.extension ?? []).find((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type');
  return declared?.valueUrl ?? type.code.slice('http://hl7.org/fhirpath/System.'.length).toLowerCase();
}

const valueSets = new Map(files.filter((f) => f.startsWith('ValueSet-')).map((f) => read(f)).map((vs) => [vs.url, vs]));

/** The code systems a value set draws on, or undefined when that cannot be told from its definition. */
function codeSystemsOf(url, seen = new Set()) {
  const vs = valueSets.get(url);
  if (vs?.compose === undefined || seen.has(url)) return undefined;
  seen.add(url);
  const systems = new Set();
  for (const include of vs.compose.include) {
    if (include.system !== undefined) systems.add(include.system);
    for (const imported of include.valueSet ?? []) {
      const inner = codeSystemsOf(imported.split('|')[0], seen);
      if (inner === undefined) return undefined;
      for (const s of inner) systems.add(s);
    }
    if (include.system === undefined && include.valueSet === undefined) return undefined;
  }
  return systems;
}

// What the compiler looks up is what the data file keeps.
const usedElements = new Map();
const usedSystems = new Map();
const model = {
  elementTypes(key) {
    const types = elementTypes.get(key);
    if (types !== undefined) usedElements.set(key, types);
    return types;
  },
  codeSystem(elementPath) {
    const valueSet = bindings.get(elementPath);
    const systems = valueSet === undefined ? undefined : codeSystemsOf(valueSet);
    if (systems?.size !== 1) return undefined;
    const [system] = systems;
    usedSystems.set(elementPath, system);
    return system;
  },
};

/** Splits an expression at its top-level unions, outside parentheses and quotes. */
function unionParts(expression) {
  const parts = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === "'" && expression[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === '|') {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}

const rootOf = (part) => /^\(*\s*([A-Za-z]+)/.exec(part)?.[1];

/** The definition of one parameter for one type, or undefined (with the reason reported). */
function definition(sp, type) {
  const expression = unionParts(sp.expression ?? '').filter((part) => [type, 'Resource', 'DomainResource'].includes(rootOf(part))).join(' | ');
  if (expression === '') {
    report.skipped.push(`${type}.${sp.code}: no expression for ${type}`);
    return undefined;
  }
  try {
    const compiled = compileFhirPath(expression, type, model);
    const indexed = indexedElementTypes[sp.type];
    for (const selected of compiled.types.filter((t) => !indexed.includes(t))) report.notIndexed.push(`${type}.${sp.code} (${sp.type}): ${selected}`);
  } catch (error) {
    if (!(error instanceof FhirPathError)) throw error;
    report.failures.push(`${type}.${sp.code}: ${error.message}`);
    return undefined;
  }
  const def = { name: sp.code, type: sp.type, expression };
  if (sp.type === 'reference') def.targets = [...(sp.target ?? [])].sort();
  def.url = sp.url;
  return def;
}

const bundle = read('Bundle-searchParams.json');
const core = bundle.entry.map((e) => e.resource);
const coreIds = new Set(core.map((sp) => sp.id));
for (const file of files.filter((f) => f.startsWith('SearchParameter-'))) {
  const sp = read(file);
  if (!coreIds.has(sp.id)) {
    report.skipped.push(`${sp.url}: not in the core set (an extension's or an example)`);
    continue;
  }
  const inBundle = core.find((c) => c.id === sp.id);
  if (inBundle.expression !== sp.expression || JSON.stringify(inBundle.target) !== JSON.stringify(sp.target)) report.mismatches.push(sp.url);
}

const resource = [];
const types = Object.fromEntries(supportedTypes.map((t) => [t, []]));
for (const sp of core) {
  const isResourceLevel = sp.base.includes('Resource') || sp.base.includes('DomainResource');
  const bases = isResourceLevel ? [] : sp.base.filter((b) => supportedTypes.includes(b));
  if (!isResourceLevel && bases.length === 0) continue;
  if (!indexedKinds.has(sp.type) || unsupportedNames.has(sp.code) || (isResourceLevel && !resourceParameters.includes(sp.code))) {
    report.skipped.push(`${isResourceLevel ? 'Resource' : bases.join(', ')}.${sp.code}: ${sp.type} parameter, not supported`);
    const reason = sp.type === 'composite' ? 'a composite parameter' : sp.type === 'special' ? 'a special parameter'
      : sp.code === '_query' ? 'a named query' : 'full-text search';
    for (const base of isResourceLevel ? ['Resource'] : bases) (notSupported[base] ??= {})[sp.code] = reason;
    continue;
  }
  if (isResourceLevel) {
    // Compiled for every type, to prove the expression works on each; kept once.
    const defs = supportedTypes.map((t) => definition(sp, t));
    if (defs[0] !== undefined) resource.push(defs[0]);
    continue;
  }
  for (const base of bases) {
    const def = definition(sp, base);
    if (def !== undefined) types[base].push(def);
  }
}

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const lines = (defs, indent) => defs.sort(byName).map((d) => `${indent}${JSON.stringify(d)}`).join(',\n');
const entries = (map) => `{\n${[...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n  }`;
const text = [
  '{',
  `  "fhirVersion": ${JSON.stringify(read('package.json').fhirVersions[0])},`,
  `  "source": "hl7.fhir.r4.examples ${read('package.json').version}: Bundle-searchParams.json and the StructureDefinitions and ValueSets it refers to",`,
  '  "resource": [',
  lines(resource, '    '),
  '  ],',
  '  "types": {',
  Object.entries(types).map(([t, defs]) => `    ${JSON.stringify(t)}: [\n${lines(defs, '      ')}\n    ]`).join(',\n'),
  '  },',
  `  "notSupported": ${entries(new Map(Object.entries(notSupported)))},`,
  `  "elements": ${entries(usedElements)},`,
  `  "codeSystems": ${entries(usedSystems)}`,
  '}',
  '',
].join('\n');

/** The FHIRPath forms the kept expressions use, as written (the evaluator is what decides support). */
const forms = [
  ['one term (no union)', /^[^|]*$/], ['union (a | b)', /\|/], ['as(T)', /\.as\(/], ['(x as T)', / as [A-Za-z]+\)/], ['ofType(T)', /\.ofType\(/],
  ['where(resolve() is T)', /where\(resolve\(\) is /], ["where(name='literal')", /where\([a-z]+='/], ['exists()', /\.exists\(\)/], ['and', / and /], ['!=', / != /],
];
const kept = [...resource, ...Object.values(types).flat()].map((d) => d.expression);
const formCounts = forms.map(([name, pattern]) => `${name}: ${kept.filter((e) => pattern.test(e)).length}`);

const count = Object.values(types).reduce((n, defs) => n + defs.length, 0);
console.log(`${count} parameters over ${supportedTypes.length} types, and ${resource.length} of every resource; ${usedElements.size} elements, ${usedSystems.size} bound code systems.`);
console.log(`FHIRPath forms (expressions using each): ${formCounts.join('; ')}.`);
const section = (title, list) => {
  if (list.length > 0) console.log(`\n${title} (${list.length}):\n  ${[...new Set(list)].sort().join('\n  ')}`);
};
section('Skipped', report.skipped);
section('Selected elements of a type the parameter does not index', report.notIndexed);
section('Differ between the Bundle and the SearchParameter files (the Bundle is used)', report.mismatches);
if (report.failures.length > 0) {
  section('Expressions the evaluator does not support', report.failures);
  console.error('\nNot written: support these forms in src/record/search/fhirpath.ts first.');
  process.exit(1);
}
writeFileSync(output, text);
console.log(`\nWrote ${path.relative(root, output)}.`);
