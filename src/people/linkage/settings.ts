/**
 * Linkage settings: which columns to compare and how, how to choose candidate pairs, where the prior
 * comes from, and the thresholds. Read from JSON (the shape of Splink's settings, in this project's
 * camelCase) and checked here, so that every mistake is reported with its JSON path.
 */

export const comparisonKinds = ['name', 'text', 'code', 'exact', 'date', 'uk-postcode', 'sex', 'identifier'] as const;
export type ComparisonKind = (typeof comparisonKinds)[number];

export const blockingKeys = ['value', 'first-letter', 'first-3', 'year', 'metaphone', 'postcode-sector', 'postcode-district'] as const;
export type BlockingKey = (typeof blockingKeys)[number];

export const dateFormats = ['YYYYMMDD', 'YYYY-MM-DD', 'DD/MM/YYYY'] as const;
export type DateFormat = (typeof dateFormats)[number];

/** One compared field: a column, a comparison and its options. */
export interface FieldSettings {
  readonly name: string;
  readonly column: string;
  readonly comparison: ComparisonKind;
  /** Term-frequency adjustment of the exact level (names, postcodes, text, codes). */
  readonly tf: boolean;
  /** Jaro–Winkler bands for name and text comparisons, highest first. */
  readonly jaroWinkler: readonly [number, number];
  readonly dateFormat?: DateFormat;
  /** For identifiers: "nhs-number" treats a number failing the modulus 11 check as missing. */
  readonly check: 'nhs-number' | 'none';
  /** Fixed m or u probabilities by level label, kept instead of estimated. */
  readonly m: Readonly<Record<string, number>>;
  readonly u: Readonly<Record<string, number>>;
}

/** One part of a blocking key: a column's value, or a key derived from it. */
export interface BlockingPart {
  readonly column: string;
  readonly key: BlockingKey;
}

/** Pairs whose parts are all equal (and present) are candidates. Rules are combined with OR. */
export type BlockingRule = readonly BlockingPart[];

export type PriorSettings =
  | { readonly kind: 'probability'; readonly probability: number }
  | { readonly kind: 'deterministic'; readonly rules: readonly BlockingRule[]; readonly recall: number }
  | { readonly kind: 'em' };

export interface LinkageSettings {
  /** Column holding each record's id. */
  readonly id: string;
  readonly fields: readonly FieldSettings[];
  readonly blocking: readonly BlockingRule[];
  /** Rules for the expectation–maximisation sessions that estimate m (default: the blocking rules). */
  readonly training: readonly BlockingRule[];
  readonly prior: PriorSettings;
  /** Match probabilities: at or above `link` the pair is linked, at or above `review` a person looks. */
  readonly thresholds: { readonly link: number; readonly review: number };
  /** A block of more candidate pairs than this is skipped, and reported. */
  readonly maxBlockPairs: number;
  readonly uSamplePairs: number;
  readonly maxIterations: number;
  readonly seed: number;
  /** Dedupe clustering: see cluster.ts. */
  readonly cluster: { readonly conflictProbability: number; readonly bridgeProbability: number };
}

export interface SettingsProblem {
  readonly path: string;
  readonly message: string;
}

/** Settings that cannot be used, with every problem and where it is. */
export class LinkageSettingsError extends Error {
  readonly problems: readonly SettingsProblem[];
  constructor(problems: readonly SettingsProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'LinkageSettingsError';
    this.problems = problems;
  }
}

/** The most fields a comparison vector can hold: four bits a field in a 53-bit number. */
export const maxFields = 13;

type Json = unknown;
const shown = (v: Json): string => (v === undefined ? 'nothing' : JSON.stringify(v));
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Reader {
  readonly problems: SettingsProblem[] = [];
  fail(path: string, message: string): void {
    this.problems.push({ path, message });
  }
  string(v: Json, path: string): string | undefined {
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    this.fail(path, `must be a non-empty string, not ${shown(v)}`);
    return undefined;
  }
  number(v: Json, path: string, min: number, max: number, fallback: number): number {
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
    this.fail(path, `must be a number from ${min} to ${max}, not ${JSON.stringify(v)}`);
    return fallback;
  }
  oneOf<T extends string>(v: Json, path: string, allowed: readonly T[], fallback: T | undefined): T | undefined {
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.fail(path, `must be one of ${allowed.join(', ')}, not ${shown(v)}`);
    return undefined;
  }
  unknownKeys(o: Record<string, Json>, path: string, known: readonly string[]): void {
    for (const key of Object.keys(o)) if (!known.includes(key)) this.fail(`${path}.${key}`, `is not a setting (expected ${known.join(', ')})`);
  }
  probabilities(v: Json, path: string): Record<string, number> {
    if (v === undefined) return {};
    if (!isObject(v)) {
      this.fail(path, 'must be an object of level label to probability');
      return {};
    }
    const out: Record<string, number> = {};
    for (const [label, p] of Object.entries(v)) out[label] = this.number(p, `${path}.${label}`, 0, 1, 0.5);
    return out;
  }
}

function readRule(r: Reader, v: Json, path: string): BlockingRule {
  const parts = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(parts) || parts.length === 0) {
    r.fail(path, 'must be a column name or a non-empty list of columns or {"column", "key"} objects');
    return [];
  }
  return parts.flatMap((p: Json, i): BlockingPart[] => {
    const at = `${path}[${i}]`;
    if (typeof p === 'string') {
      const column = r.string(p, at);
      return column ? [{ column, key: 'value' }] : [];
    }
    if (!isObject(p)) {
      r.fail(at, 'must be a column name or {"column": …, "key": …}');
      return [];
    }
    r.unknownKeys(p, at, ['column', 'key']);
    const column = r.string(p.column, `${at}.column`);
    const key = r.oneOf(p.key, `${at}.key`, blockingKeys, 'value');
    return column && key ? [{ column, key }] : [];
  });
}

function readRules(r: Reader, v: Json, path: string, required: boolean): BlockingRule[] | undefined {
  if (v === undefined && !required) return undefined;
  if (!Array.isArray(v) || v.length === 0) {
    r.fail(path, 'must be a non-empty list of blocking rules');
    return [];
  }
  return v.map((rule: Json, i) => readRule(r, rule, `${path}[${i}]`));
}

const fieldKeys = ['name', 'column', 'comparison', 'tf', 'jaroWinkler', 'dateFormat', 'check', 'm', 'u'];

function readField(r: Reader, v: Json, path: string): FieldSettings | undefined {
  if (!isObject(v)) {
    r.fail(path, 'must be an object with at least "column" and "comparison"');
    return undefined;
  }
  r.unknownKeys(v, path, fieldKeys);
  const column = r.string(v.column, `${path}.column`);
  const name = v.name === undefined ? column : r.string(v.name, `${path}.name`);
  const comparison = r.oneOf(v.comparison, `${path}.comparison`, comparisonKinds, undefined);
  if (v.tf !== undefined && typeof v.tf !== 'boolean') r.fail(`${path}.tf`, 'must be true or false');
  let jaroWinkler: [number, number] = [0.92, 0.8];
  if (v.jaroWinkler !== undefined) {
    const jw = v.jaroWinkler;
    if (Array.isArray(jw) && jw.length === 2 && jw.every((x) => typeof x === 'number' && x > 0 && x < 1) && (jw[0] as number) > (jw[1] as number)) {
      jaroWinkler = [jw[0] as number, jw[1] as number];
    } else {
      r.fail(`${path}.jaroWinkler`, 'must be two similarities between 0 and 1, highest first, e.g. [0.92, 0.8]');
    }
  }
  const dateFormat = v.dateFormat === undefined ? undefined : r.oneOf(v.dateFormat, `${path}.dateFormat`, dateFormats, undefined);
  const check = r.oneOf(v.check, `${path}.check`, ['nhs-number', 'none'] as const, 'none') ?? 'none';
  if (!column || !name || !comparison) return undefined;
  return {
    name, column, comparison, tf: v.tf === true, jaroWinkler, check,
    ...(dateFormat ? { dateFormat } : {}),
    m: r.probabilities(v.m, `${path}.m`), u: r.probabilities(v.u, `${path}.u`),
  };
}

function readPrior(r: Reader, v: Json, path: string): PriorSettings {
  if (v === undefined || v === 'em') return { kind: 'em' };
  if (!isObject(v)) {
    r.fail(path, 'must be "em", {"probability": p} or {"deterministic": [rules], "recall": r}');
    return { kind: 'em' };
  }
  if (v.probability !== undefined) {
    r.unknownKeys(v, path, ['probability']);
    return { kind: 'probability', probability: r.number(v.probability, `${path}.probability`, 1e-15, 0.5, 1e-4) };
  }
  r.unknownKeys(v, path, ['deterministic', 'recall']);
  const rules = readRules(r, v.deterministic, `${path}.deterministic`, true) ?? [];
  return { kind: 'deterministic', rules, recall: r.number(v.recall, `${path}.recall`, 0.01, 1, 1) };
}

const topKeys = ['id', 'fields', 'blocking', 'training', 'prior', 'thresholds', 'maxBlockPairs', 'uSamplePairs', 'maxIterations', 'seed', 'cluster'];

/** Checks parsed JSON settings; throws a LinkageSettingsError listing every problem with its path. */
export function readSettings(json: Json): LinkageSettings {
  const r = new Reader();
  if (!isObject(json)) throw new LinkageSettingsError([{ path: '$', message: 'settings must be a JSON object' }]);
  r.unknownKeys(json, '$', topKeys);
  const id = r.string(json.id, '$.id') ?? '';
  let fields: FieldSettings[] = [];
  if (!Array.isArray(json.fields) || json.fields.length === 0) r.fail('$.fields', 'must be a non-empty list of fields');
  else fields = json.fields.map((f: Json, i) => readField(r, f, `$.fields[${i}]`)).filter((f): f is FieldSettings => f !== undefined);
  if (fields.length > maxFields) r.fail('$.fields', `has ${fields.length} fields; at most ${maxFields} can be compared`);
  const names = new Set<string>();
  fields.forEach((f, i) => {
    if (names.has(f.name)) r.fail(`$.fields[${i}].name`, `"${f.name}" is used by an earlier field; give each field its own name`);
    names.add(f.name);
  });
  const blocking = readRules(r, json.blocking, '$.blocking', true) ?? [];
  const training = readRules(r, json.training, '$.training', false) ?? blocking;
  const prior = readPrior(r, json.prior, '$.prior');
  const t = isObject(json.thresholds) ? json.thresholds : {};
  if (json.thresholds !== undefined && !isObject(json.thresholds)) r.fail('$.thresholds', 'must be {"link": p, "review": p}');
  else if (isObject(json.thresholds)) r.unknownKeys(json.thresholds, '$.thresholds', ['link', 'review']);
  const link = r.number(t.link, '$.thresholds.link', 0, 1, 0.9);
  const review = r.number(t.review, '$.thresholds.review', 0, 1, Math.min(link, 0.5));
  if (review > link) r.fail('$.thresholds.review', `(${review}) must not be above the link threshold (${link})`);
  const c = isObject(json.cluster) ? json.cluster : {};
  if (isObject(json.cluster)) r.unknownKeys(json.cluster, '$.cluster', ['conflictProbability', 'bridgeProbability']);
  const settings: LinkageSettings = {
    id, fields, blocking, training, prior,
    thresholds: { link, review },
    maxBlockPairs: r.number(json.maxBlockPairs, '$.maxBlockPairs', 1, 1e10, 5_000_000),
    uSamplePairs: r.number(json.uSamplePairs, '$.uSamplePairs', 1000, 1e8, 1_000_000),
    maxIterations: r.number(json.maxIterations, '$.maxIterations', 1, 1000, 25),
    seed: r.number(json.seed, '$.seed', 0, 2 ** 31 - 1, 1),
    cluster: {
      conflictProbability: r.number(c.conflictProbability, '$.cluster.conflictProbability', 0, 1, 0.001),
      bridgeProbability: r.number(c.bridgeProbability, '$.cluster.bridgeProbability', 0, 1, 0.999),
    },
  };
  if (r.problems.length > 0) throw new LinkageSettingsError(r.problems);
  return settings;
}

/** Checks that every column the settings name is in the file's header; problems carry JSON paths. */
export function missingColumns(settings: LinkageSettings, header: readonly string[], file: string): SettingsProblem[] {
  const have = new Set(header);
  const problems: SettingsProblem[] = [];
  const need = (column: string, path: string): void => {
    if (!have.has(column)) problems.push({ path, message: `column "${column}" is not in ${file} (its columns: ${header.join(', ')})` });
  };
  need(settings.id, '$.id');
  settings.fields.forEach((f, i) => { need(f.column, `$.fields[${i}].column`); });
  const rules = (list: readonly BlockingRule[], path: string): void => {
    list.forEach((rule, i) => { rule.forEach((p, j) => { need(p.column, `${path}[${i}][${j}]`); }); });
  };
  rules(settings.blocking, '$.blocking');
  if (settings.training !== settings.blocking) rules(settings.training, '$.training');
  if (settings.prior.kind === 'deterministic') rules(settings.prior.rules, '$.prior.deterministic');
  return problems;
}
