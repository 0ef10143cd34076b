/**
 * A parsed search as SQL over `record.source_record` and the search index (migration 0003): one
 * EXISTS subquery per condition, on the index table of the parameter's kind, so the planner can use
 * the value indexes. Values go in `params` and are referred to as $n. The comparisons are those of
 * R4 "Search" (http://hl7.org/fhir/R4/search.html) §3.1.1.4: for dates, the range of the search
 * value against the range of the target; for numbers and quantities, the value's implicit precision
 * for eq / ne / ap and the exact value for the others ("gt100: values greater than exactly 100").
 */
import { type SearchParamType, indexedPrefix, normaliseString } from './index-values.js';
import type { DateMatch, NumberMatch, ParsedSearch, ReferenceMatch, SearchCondition, TokenMatch } from './parsed-search.js';

const tableOf: Readonly<Record<SearchParamType, string>> = {
  token: 'search_token', uri: 'search_token', string: 'search_string', date: 'search_date',
  reference: 'search_reference', number: 'search_quantity', quantity: 'search_quantity',
};

/** A reference to a record held here is written Type/id, with no scheme (an absolute URL is another server's). */
const isLocal = (x: string): string => `${x}.url NOT LIKE '%:%'`;

/** Escapes LIKE's wildcards and its escape character (declared with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const or = (parts: readonly string[]): string => (parts.length === 1 ? (parts[0] ?? 'FALSE') : `(${parts.join(' OR ')})`);
const and = (parts: readonly string[]): string => (parts.length === 0 ? 'TRUE' : parts.join(' AND '));

class SqlBuilder {
  private aliases = 0;
  constructor(private readonly params: unknown[]) {}

  /** A placeholder for a value, with its cast. */
  value(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${this.params.length}::${cast}`;
  }

  private alias(base: string, kind: string): string {
    this.aliases++;
    return `${base}_${kind}${this.aliases}`;
  }

  /** Set while a condition that must not drive the search is written (see searchConditionsSql). */
  fence = false;

  /**
   * EXISTS over the rows of one parameter of a record in an index table, with `where` on them. A
   * fenced one is instead tested on each record the other conditions found, over that record's own
   * rows (found by record id): the test is inside an aggregate, so there is no other way to run it,
   * whatever the statistics say.
   */
  private exists(alias: string, table: string, resourceType: string, param: string, where: (x: string) => string): string {
    const fenced = this.fence;
    this.fence = false;
    const x = this.alias(alias, 's');
    const test = `${x}.resource_type = ${this.value(resourceType, 'text')} AND ${x}.param = ${this.value(param, 'text')} AND ${where(x)}`;
    this.fence = fenced;
    return fenced
      ? `((SELECT bool_or(${test}) FROM record.${table} ${x} WHERE ${x}.record_id = ${alias}.id) IS TRUE)`
      : `EXISTS (SELECT 1 FROM record.${table} ${x} WHERE ${x}.record_id = ${alias}.id AND ${test})`;
  }

  condition(condition: SearchCondition, alias: string): string {
    switch (condition.kind) {
      case 'token': {
        const sql = this.exists(alias, 'search_token', condition.resourceType, condition.param, (x) => this.tokens(x, condition.values));
        return condition.not ? `NOT ${sql}` : sql;
      }
      case 'uri':
        return this.exists(alias, 'search_token', condition.resourceType, condition.param, (x) => {
          if (condition.match === 'exact') return `${x}.code = ANY(${this.value(condition.values, 'text[]')})`;
          if (condition.match === 'below') return or(condition.values.map((v) => `${x}.code LIKE ${this.value(`${escapeLike(v)}%`, 'text')} ESCAPE '\\'`));
          return or(condition.values.map((v) => `starts_with(${this.value(v, 'text')}, ${x}.code)`));
        });
      case 'string':
        return this.exists(alias, 'search_string', condition.resourceType, condition.param, (x) => or(condition.values.map((v) => this.string(x, condition.match, v))));
      case 'date':
        return this.exists(alias, 'search_date', condition.resourceType, condition.param, (x) => or(condition.values.map((d) => this.dateRange(`${x}.low`, `${x}.high`, d))));
      case 'number':
        return this.exists(alias, 'search_quantity', condition.resourceType, condition.param, (x) => or(condition.values.map((n) => this.number(x, n))));
      case 'reference':
        return this.exists(alias, 'search_reference', condition.resourceType, condition.param, (x) => or(condition.values.map((r) => this.reference(x, r))));
      case 'missing': {
        const sql = this.exists(alias, tableOf[condition.type], condition.resourceType, condition.param, () => 'TRUE');
        return condition.missing ? `NOT ${sql}` : sql;
      }
      case 'chain':
        return this.exists(alias, 'search_reference', condition.resourceType, condition.param, (x) => {
          const t = this.alias(alias, 't');
          const targets = condition.targets.map(({ resourceType, condition: inner }) => `${x}.target_type = ${this.value(resourceType, 'text')} AND ${this.condition(inner, t)}`);
          return `${isLocal(x)} AND EXISTS (SELECT 1 FROM record.source_record ${t} WHERE ${t}.fhir_type = ${x}.target_type AND ${t}.fhir_id = ${x}.target_id AND ${t}.current AND NOT ${t}.deleted AND ${or(targets.map((c) => `(${c})`))})`;
        });
      case 'id': {
        const sql = `${alias}.fhir_id = ANY(${this.value(condition.values, 'text[]')})`;
        return condition.not ? `NOT (${sql})` : sql;
      }
      case 'lastUpdated':
        return or(condition.values.map((d) => this.dateInstant(`${alias}.received_at`, d)));
      case 'constant':
        return condition.holds ? 'TRUE' : 'FALSE';
    }
  }

  private tokens(x: string, values: readonly TokenMatch[]): string {
    const anySystem = values.filter((v) => v.system === undefined && v.code !== undefined).map((v) => v.code);
    const parts = anySystem.length > 0 ? [`${x}.code = ANY(${this.value(anySystem, 'text[]')})`] : [];
    for (const v of values) {
      if (v.system === undefined) continue;
      const system = v.system === null ? `${x}.system IS NULL` : `${x}.system = ${this.value(v.system, 'text')}`;
      parts.push(v.code === undefined ? system : `(${x}.code = ${this.value(v.code, 'text')} AND ${system})`);
    }
    return or(parts);
  }

  private string(x: string, match: 'start' | 'exact' | 'contains', value: string): string {
    const norm = indexedPrefix(normaliseString(value));
    switch (match) {
      case 'start':
        return `${x}.norm LIKE ${this.value(`${escapeLike(norm)}%`, 'text')} ESCAPE '\\'`;
      case 'exact':
        // The normalised form narrows by the index; the text as written decides.
        return `(${x}.norm = ${this.value(norm, 'text')} AND ${x}.exact = ${this.value(value, 'text')})`;
      case 'contains':
        return `${x}.norm LIKE ${this.value(`%${escapeLike(norm)}%`, 'text')} ESCAPE '\\'`;
    }
  }

  /** Placeholders for a date's range, each pushed only when the comparison uses it. */
  private bounds(d: DateMatch): { vl: () => string; vh: () => string } {
    let low: string | undefined;
    let high: string | undefined;
    return { vl: () => (low ??= this.value(d.low, 'timestamptz')), vh: () => (high ??= this.value(d.high, 'timestamptz')) };
  }

  /** R4 "Search" §3.1.1.4, table of prefixes: the target range [low, high) against the search range. */
  private dateRange(low: string, high: string, d: DateMatch): string {
    const { vl, vh } = this.bounds(d);
    const within = (): string => `(${low} >= ${vl()} AND ${high} <= ${vh()})`;
    switch (d.prefix) {
      case 'eq': return within();
      case 'ne': return `NOT ${within()}`;
      case 'gt': return `${high} > ${vh()}`;
      case 'lt': return `${low} < ${vl()}`;
      case 'ge': return `(${high} > ${vh()} OR ${within()})`;
      case 'le': return `(${low} < ${vl()} OR ${within()})`;
      case 'sa': return `${low} >= ${vh()}`;
      case 'eb': return `${high} <= ${vl()}`;
      case 'ap': return `(${low} < ${vh()} AND ${high} > ${vl()})`;
    }
  }

  /** The same rules for an instant (the record's lastUpdated): the range of one tick, [t, t + 1µs). */
  private dateInstant(t: string, d: DateMatch): string {
    const { vl, vh } = this.bounds(d);
    switch (d.prefix) {
      case 'eq':
      case 'ap': return `(${t} >= ${vl()} AND ${t} < ${vh()})`;
      case 'ne': return `(${t} < ${vl()} OR ${t} >= ${vh()})`;
      case 'gt':
      case 'sa': return `${t} >= ${vh()}`;
      case 'lt':
      case 'eb': return `${t} < ${vl()}`;
      case 'ge': return `${t} >= ${vl()}`;
      case 'le': return `${t} < ${vh()}`;
    }
  }

  private number(x: string, n: NumberMatch): string {
    const v = `${x}.value`;
    const exact = (op: string): string => `${v} ${op} ${this.value(n.value, 'numeric')}`;
    let sql: string;
    switch (n.prefix) {
      case 'eq':
      case 'ap': sql = `(${v} >= ${this.value(n.low, 'numeric')} AND ${v} < ${this.value(n.high, 'numeric')})`; break;
      case 'ne': sql = `(${v} < ${this.value(n.low, 'numeric')} OR ${v} >= ${this.value(n.high, 'numeric')})`; break;
      case 'gt':
      case 'sa': sql = exact('>'); break;
      case 'lt':
      case 'eb': sql = exact('<'); break;
      case 'ge': sql = exact('>='); break;
      case 'le': sql = exact('<='); break;
    }
    const unit = [
      ...(n.system === undefined ? [] : [`${x}.system = ${this.value(n.system, 'text')}`]),
      ...(n.code === undefined ? [] : [`${x}.code = ${this.value(n.code, 'text')}`]),
    ];
    return unit.length === 0 ? sql : `(${sql} AND ${unit.join(' AND ')})`;
  }

  private reference(x: string, r: ReferenceMatch): string {
    if (r.kind === 'url') return `${x}.url = ${this.value(r.url, 'text')}`;
    const type = r.type === undefined ? '' : ` AND ${x}.target_type = ${this.value(r.type, 'text')}`;
    return `(${x}.target_id = ${this.value(r.id, 'text')}${type} AND ${isLocal(x)})`;
  }
}

/**
 * The WHERE fragment (the AND of every condition) for rows of `record.source_record ${alias}`; the
 * caller adds `alias.current AND NOT alias.deleted AND alias.fhir_type = …`. Values are pushed on
 * `params` and referred to as $n, numbered after those already there.
 */
export function searchConditionsSql(parsed: ParsedSearch, alias: string, params: unknown[]): string {
  const builder = new SqlBuilder(params);
  const driver = narrowest(parsed.conditions);
  return and(parsed.conditions.map((c) => {
    builder.fence = driver !== undefined && c !== driver;
    return builder.condition(c, alias);
  }));
}

/**
 * The condition that pins a search down to a few resources, if any: logical ids, then a reference to
 * given resources (subject=Patient/1), then a business identifier. The search is made to start from
 * it and test the others on what it finds, whatever the planner's statistics say: with stale or
 * missing statistics every condition looks equally rare, and starting from the wrong one (the code
 * of a common Observation rather than its patient) was measured 75 times slower at 100,000 people.
 * A reference held by most of a type (one organisation's every Patient) is the case this serves
 * worse: it sorts all of them for a page instead of walking the type in id order.
 */
function narrowest(conditions: readonly SearchCondition[]): SearchCondition | undefined {
  return conditions.find((c) => c.kind === 'id' && !c.not)
    ?? conditions.find((c) => c.kind === 'reference')
    ?? conditions.find((c) => c.kind === 'token' && !c.not && c.param === 'identifier' && c.values.every((v) => v.code !== undefined));
}

const quoted = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * One scalar expression per _sort key, for ORDER BY and keyset paging (the caller adds fhir_id last):
 * the record's lowest value of the parameter when ascending, its highest when descending (a date
 * counts from its start ascending and to its end descending); NULL when it has none.
 */
export function sortKeysSql(parsed: ParsedSearch, alias: string): { sql: string; direction: 'asc' | 'desc' }[] {
  return parsed.sort.map((key) => {
    const direction = key.descending ? 'desc' : 'asc';
    if (key.param === '_id') return { sql: `${alias}.fhir_id`, direction };
    if (key.param === '_lastUpdated') return { sql: `${alias}.received_at`, direction };
    const column = key.type === 'string' ? 'norm' : key.type === 'date' ? (key.descending ? 'high' : 'low') : key.type === 'number' || key.type === 'quantity' ? 'value' : 'code';
    const table = tableOf[key.type];
    const sql = `(SELECT ${key.descending ? 'max' : 'min'}(x.${column}) FROM record.${table} x WHERE x.record_id = ${alias}.id AND x.param = ${quoted(key.param)})`;
    return { sql, direction };
  });
}
