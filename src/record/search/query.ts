/**
 * Parsing a FHIR search (R4 "Search", http://hl7.org/fhir/R4/search.html) into conditions and result
 * parameters. A repeated parameter is an AND, a comma-separated list an OR. What the server does not
 * know or support is an error under `Prefer: handling=strict` and a warning (and ignored) otherwise;
 * a value that cannot be read is always an error, naming the parameter and the value.
 */
import { type SearchParameterDef, fhirSearchTypes, searchParameter, unsupportedParameter } from './parameters.js';
import type { IncludeRequest, ParsedSearch, SearchCondition, SearchOptions, SearchProblem, SearchProblems, SortKey, SummaryMode, TotalMode } from './parsed-search.js';
import { type Parsed, orValues, parseDate, parseNumber, parseQuantity, parseReference, parseToken, unescape } from './query-values.js';

/** How many times an `:iterate` include is followed at most (for the executor). */
export const includeIterationLimit = 3;
/** How many references a chain may follow (subject.organization.partof.name is three). */
export const chainLimit = 3;

const defaultCount = 20;
const defaultMaxCount = 1000;
const summaries: readonly SummaryMode[] = ['true', 'text', 'data', 'count', 'false'];
const totals: readonly TotalMode[] = ['none', 'estimate', 'accurate'];
/** Parameters of every resource that R4 defines and we do not support, beyond those in the definitions file. */
const unsupportedSpecials: ReadonlyMap<string, string> = new Map([
  ['_has', 'reverse chaining'], ['_filter', 'a filter expression'], ['_list', 'a list'], ['_contained', 'contained resources'],
  ['_containedType', 'contained resources'], ['_type', 'a system-wide search parameter'],
]);
/** Parameters for the HTTP layer, not the search. */
const transport = new Set(['_format', '_pretty']);
const sortable = new Set(['string', 'date', 'token', 'number', 'quantity', 'uri']);
const tokenModifiers = new Set(['text', 'in', 'not-in', 'above', 'below', 'of-type']);

class Problems {
  readonly list: SearchProblem[] = [];
  constructor(private readonly strict: boolean) {}

  error(code: SearchProblem['code'], expression: string, diagnostics: string): null {
    this.list.push({ severity: 'error', code, expression, diagnostics });
    return null;
  }

  /** Something not known or not supported: an error when strict, else a warning and the parameter ignored. */
  reject(code: SearchProblem['code'], expression: string, diagnostics: string): null {
    this.list.push({ severity: this.strict ? 'error' : 'warning', code, expression, diagnostics: this.strict ? diagnostics : `${diagnostics}; ignored` });
    return null;
  }

  warn(code: SearchProblem['code'], expression: string, diagnostics: string): void {
    this.list.push({ severity: 'warning', code, expression, diagnostics });
  }
}

/** Parses the query parameters of a search of `type`, in the order given. */
export function parseSearch(type: string, params: readonly (readonly [string, string])[], options: SearchOptions): ParsedSearch | SearchProblems {
  const problems = new Problems(options.strict);
  if (!fhirSearchTypes.includes(type)) {
    return { ok: false, problems: [{ severity: 'error', code: 'not-supported', expression: type, diagnostics: `${type} cannot be searched here` }] };
  }
  const maxCount = options.maxCount ?? defaultMaxCount;
  const search: ParsedSearch = {
    ok: true, resourceType: type, conditions: [], count: Math.min(options.defaultCount ?? defaultCount, maxCount), sort: [], include: [], revinclude: [],
    summary: undefined, elements: undefined, total: undefined, cursor: undefined, warnings: [],
  };
  for (const [name, value] of params) {
    const [head = '', ...modifiers] = name.split(':');
    const plain = modifiers.length === 0;
    if (head === '_include' || head === '_revinclude') {
      const request = include(type, head, modifiers, value, name, problems);
      if (request !== null) (head === '_include' ? search.include : search.revinclude).push(request);
    } else if (['_count', '_sort', '_summary', '_elements', '_total', '_cursor'].includes(head) && !plain) {
      problems.error('invalid', name, `${head} takes no modifier`);
    } else if (head === '_count') {
      if (!/^\d{1,9}$/.test(value)) problems.error('value', name, `_count: '${value}' is not a number of results`);
      else if (Number(value) > maxCount) {
        problems.warn('value', name, `_count: at most ${maxCount} results a page are returned`);
        search.count = maxCount;
      } else search.count = Number(value);
    } else if (head === '_sort') {
      search.sort.push(...sortKeys(type, value, problems));
    } else if (head === '_summary') {
      if (summaries.includes(value as SummaryMode)) search.summary = value as SummaryMode;
      else problems.error('value', name, `_summary: '${value}' is not one of ${summaries.join(', ')}`);
    } else if (head === '_total') {
      if (totals.includes(value as TotalMode)) search.total = value as TotalMode;
      else problems.error('value', name, `_total: '${value}' is not one of ${totals.join(', ')}`);
    } else if (head === '_elements') {
      const elements = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
      const bad = elements.find((e) => !/^[A-Za-z][A-Za-z0-9]*$/.test(e));
      if (bad !== undefined) problems.error('value', name, `_elements: '${bad}' is not an element name`);
      else search.elements = elements;
    } else if (head === '_cursor') {
      search.cursor = value;
    } else if (!transport.has(head)) {
      const condition = parseCondition(type, name.split('.'), value, name, options, problems);
      if (condition !== null) search.conditions.push(condition);
    }
  }
  if (problems.list.some((p) => p.severity === 'error')) return { ok: false, problems: problems.list };
  search.warnings = problems.list;
  return search;
}

function unknownParameter(type: string, name: string, written: string, problems: Problems): null {
  const reason = unsupportedParameter(type, name) ?? unsupportedSpecials.get(name);
  if (reason !== undefined) return problems.reject('not-supported', written, `${name} (${reason}) is not supported`);
  return problems.reject('not-found', written, `${type} has no search parameter ${name}`);
}

/** One parameter as written (links of a chain split at '.') with its value, for records of `type`. */
function parseCondition(type: string, links: readonly string[], value: string, written: string, options: SearchOptions, problems: Problems): SearchCondition | null {
  const link = links[0] ?? '';
  const colon = link.indexOf(':');
  const name = colon < 0 ? link : link.slice(0, colon);
  const modifier = colon < 0 ? undefined : link.slice(colon + 1);
  if (name === '') return problems.error('invalid', written, `'${written}' names no parameter`);
  const def = searchParameter(type, name);
  if (def === undefined) return unknownParameter(type, name, written, problems);
  if (links.length > 1) return chain(type, def, modifier, links, value, written, options, problems);

  const values = orValues(value);
  if (values.length === 0) return null; // R4: a parameter without a value is ignored
  const on = { resourceType: type, param: name };
  if (modifier === 'missing') {
    if (value !== 'true' && value !== 'false') return problems.error('value', written, `${name}:missing: '${value}' is neither true nor false`);
    if (name === '_id' || name === '_lastUpdated') return { kind: 'constant', holds: value === 'false' };
    return { ...on, kind: 'missing', type: def.type, missing: value === 'true' };
  }
  const unknownModifier = (): null => problems.reject('not-supported', written, `:${modifier ?? ''} is not a supported modifier of ${def.type} parameter ${name}`);
  const all = <T>(parse: (text: string) => Parsed<T>): T[] | null => {
    const parsed: T[] = [];
    for (const text of values) {
      const result = parse(text);
      if ('error' in result) return problems.error('value', written, `${name}: ${result.error}`);
      parsed.push(result.value);
    }
    return parsed;
  };

  switch (def.type) {
    case 'token': {
      if (modifier !== undefined && modifier !== 'not') return tokenModifiers.has(modifier) ? problems.reject('not-supported', written, `:${modifier} is not supported`) : unknownModifier();
      const not = modifier === 'not';
      if (name === '_id') return { kind: 'id', not, values: values.map(unescape) };
      const tokens = all(parseToken);
      return tokens && { ...on, kind: 'token', not, values: tokens };
    }
    case 'uri':
      if (modifier !== undefined && modifier !== 'below' && modifier !== 'above') return unknownModifier();
      return { ...on, kind: 'uri', match: modifier ?? 'exact', values: values.map(unescape) };
    case 'string':
      if (modifier !== undefined && modifier !== 'exact' && modifier !== 'contains') return unknownModifier();
      return { ...on, kind: 'string', match: modifier ?? 'start', values: values.map(unescape) };
    case 'date': {
      if (modifier !== undefined) return unknownModifier();
      const dates = all((text) => parseDate(text, options.now));
      if (dates === null) return null;
      return name === '_lastUpdated' ? { kind: 'lastUpdated', values: dates } : { ...on, kind: 'date', values: dates };
    }
    case 'number':
    case 'quantity': {
      if (modifier !== undefined) return unknownModifier();
      const numbers = all(def.type === 'number' ? parseNumber : parseQuantity);
      return numbers && { ...on, kind: 'number', values: numbers };
    }
    case 'reference': {
      if (modifier === 'identifier') return problems.reject('not-supported', written, ':identifier (a logical reference) is not supported');
      if (modifier !== undefined && !/^[A-Z]/.test(modifier)) return unknownModifier();
      if (modifier !== undefined && !def.targets.includes(modifier)) return problems.error('value', written, `${name} does not refer to ${modifier}`);
      const references = all((text) => parseReference(text, def, modifier, options.base));
      return references && { ...on, kind: 'reference', values: references };
    }
  }
}

/** A chained parameter (R4 "Search" §3.1.1.5.6): `subject.name`, `subject:Patient.name`, several levels deep. */
function chain(type: string, def: SearchParameterDef, modifier: string | undefined, links: readonly string[], value: string, written: string, options: SearchOptions, problems: Problems): SearchCondition | null {
  if (def.type !== 'reference') return problems.error('invalid', written, `${def.name} is not a reference parameter, so it cannot be chained`);
  if (links.length > chainLimit + 1) return problems.error('not-supported', written, `a chain may follow at most ${chainLimit} references`);
  if (modifier !== undefined && !def.targets.includes(modifier)) return problems.error('invalid', written, `${def.name} does not refer to ${modifier}`);
  const targets = modifier === undefined ? def.targets : [modifier];
  const served = targets.filter((t) => fhirSearchTypes.includes(t));
  if (served.length === 0) return problems.error('not-supported', written, `${def.name} refers to ${targets.join(', ')}, which cannot be searched here`);
  const next = (links[1] ?? '').split(':')[0] ?? '';
  const having = served.filter((t) => searchParameter(t, next) !== undefined);
  if (having.length === 0) return unknownParameter(served.join(' or '), next, written, problems);
  if (having.length < served.length) {
    return problems.error('invalid', written,
      `${def.name} may refer to ${served.join(', ')}, and only ${having.join(', ')} ${having.length === 1 ? 'has' : 'have'} ${next}: name the type, as in ${def.name}:${having[0] ?? ''}.${links.slice(1).join('.')}`);
  }
  const conditions: { resourceType: string; condition: SearchCondition }[] = [];
  for (const target of having) {
    const condition = parseCondition(target, links.slice(1), value, written, options, problems);
    if (condition === null) return null;
    conditions.push({ resourceType: target, condition });
  }
  return { kind: 'chain', resourceType: type, param: def.name, targets: conditions };
}

function sortKeys(type: string, value: string, problems: Problems): SortKey[] {
  const keys: SortKey[] = [];
  for (const key of value.split(',').map((k) => k.trim()).filter((k) => k !== '')) {
    const descending = key.startsWith('-');
    const name = descending ? key.slice(1) : key;
    const def = searchParameter(type, name);
    if (def === undefined) void unknownParameter(type, name, '_sort', problems);
    else if (!sortable.has(def.type)) problems.reject('not-supported', '_sort', `sorting by the ${def.type} parameter ${name} is not supported`);
    else keys.push({ param: name, type: def.type, descending });
  }
  return keys;
}

/** `_include` / `_revinclude` (R4 "Search" §3.1.1.5.4): `Type:param`, `Type:param:Target`, `Type:*` or `*`, with `:iterate`. */
function include(type: string, head: '_include' | '_revinclude', modifiers: readonly string[], value: string, written: string, problems: Problems): IncludeRequest | null {
  const modifier = modifiers.join(':');
  if (modifier !== '' && modifier !== 'iterate' && modifier !== 'recurse') return problems.reject('not-supported', written, `:${modifier} is not a modifier of ${head}`);
  if (modifier === 'recurse') problems.warn('invalid', written, ':recurse is the name R3 used; read as :iterate');
  const iterate = modifier !== '';
  if (value === '*') {
    return head === '_include' ? { sourceType: type, param: '*', iterate } : problems.reject('not-supported', written, '_revinclude=* is not supported');
  }
  const [sourceType = '', param = '', targetType, ...rest] = value.split(':');
  if (param === '' || rest.length > 0) return problems.error('invalid', written, `${head}: '${value}' is not Type:parameter or Type:parameter:TargetType`);
  if (!fhirSearchTypes.includes(sourceType)) return problems.reject('not-found', written, `${head}: ${sourceType} cannot be searched here`);
  if (head === '_include' && !iterate && sourceType !== type) return problems.reject('invalid', written, `_include: ${sourceType} is not the type searched (${type}); use _include:iterate`);
  if (param === '*') return { sourceType, param, iterate, ...(targetType === undefined ? {} : { targetType }) };
  const def = searchParameter(sourceType, param);
  if (def?.type !== 'reference') return problems.reject('not-found', written, `${head}: ${sourceType} has no reference parameter ${param}`);
  if (targetType !== undefined && !def.targets.includes(targetType)) return problems.reject('invalid', written, `${head}: ${sourceType}.${param} does not refer to ${targetType}`);
  if (head === '_revinclude' && !iterate && !def.targets.includes(type)) return problems.reject('invalid', written, `_revinclude: ${sourceType}.${param} does not refer to ${type}`);
  return { sourceType, param, iterate, ...(targetType === undefined ? {} : { targetType }) };
}
