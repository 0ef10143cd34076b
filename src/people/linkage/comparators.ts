/**
 * Comparison levels per kind of field, from the strongest agreement to "else". A comparator is built
 * once over the field's dictionary of distinct cleaned values, so that everything per value
 * (metaphone codes, nickname groups, postcode parts) is worked out once, and a pair costs only the
 * comparison of two dictionary entries. Level 0 is always exact agreement: the level that
 * term-frequency adjustment applies to.
 */
import { doubleMetaphone } from 'double-metaphone';
import { nicknameGroups } from './nicknames.js';
import { postcodeParts } from './normalise.js';
import type { ComparisonKind, FieldSettings } from './settings.js';
import { hammingDistance, isAdjacentTransposition, jaroWinkler, withinOneEdit } from './string-similarity.js';

export interface Comparator {
  /** Level labels, strongest first; the last is "else". */
  readonly labels: readonly string[];
  /** The level of two dictionary entries (both present). */
  readonly level: (a: number, b: number) => number;
}

const jwLabel = (t: number): string => `jaro-winkler-${t}`;

/** The level labels a comparison has, without building it (for settings and reports). */
export function levelLabels(kind: ComparisonKind, jw: readonly [number, number]): readonly string[] {
  switch (kind) {
    case 'name':
      return ['exact', jwLabel(jw[0]), 'nickname', 'metaphone', jwLabel(jw[1]), 'initial', 'else'];
    case 'text':
      return ['exact', 'one-edit', jwLabel(jw[0]), jwLabel(jw[1]), 'else'];
    case 'code':
      return ['exact', 'one-edit', 'else'];
    case 'exact':
    case 'sex':
      return ['exact', 'else'];
    case 'date':
      return ['exact', 'day-month-swapped', 'one-digit', 'year-1', 'else'];
    case 'uk-postcode':
      return ['full', 'sector', 'district', 'area', 'else'];
    case 'identifier':
      return ['exact', 'transposition', 'one-digit', 'else'];
  }
}

/** Interns strings to small whole numbers, so codes compare as numbers. */
function interner(): (s: string) => number {
  const ids = new Map<string, number>();
  return (s) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
}

const nicknameIndex: ReadonlyMap<string, readonly number[]> = (() => {
  const index = new Map<string, number[]>();
  nicknameGroups.forEach((group, g) => {
    for (const name of group) index.set(name, [...(index.get(name) ?? []), g]);
  });
  return index;
})();

/** True when the two names share a nickname group ("bob" and "robert"). */
export function areNicknames(a: string, b: string): boolean {
  const ga = nicknameIndex.get(a);
  const gb = nicknameIndex.get(b);
  return ga !== undefined && gb !== undefined && ga.some((g) => gb.includes(g));
}

function nameComparator(dictionary: readonly string[], jw: readonly [number, number]): Comparator {
  const code = interner();
  const primary = new Int32Array(dictionary.length);
  const alternate = new Int32Array(dictionary.length);
  const groups: (readonly number[] | undefined)[] = [];
  dictionary.forEach((name, i) => {
    const [p, s] = doubleMetaphone(name);
    primary[i] = p === '' ? -1 : code(p);
    alternate[i] = s === '' ? -1 : code(s);
    groups.push(nicknameIndex.get(name));
  });
  const [high, low] = jw;
  return {
    labels: levelLabels('name', jw),
    level(a, b) {
      if (a === b) return 0;
      const s = dictionary[a] ?? '';
      const t = dictionary[b] ?? '';
      const similarity = s.length > 1 && t.length > 1 ? jaroWinkler(s, t) : 0;
      if (similarity >= high) return 1;
      const ga = groups[a];
      const gb = groups[b];
      if (ga !== undefined && gb !== undefined && ga.some((g) => gb.includes(g))) return 2;
      const pa = primary[a] ?? -1;
      const pb = primary[b] ?? -1;
      const aa = alternate[a] ?? -1;
      const ab = alternate[b] ?? -1;
      if (pa >= 0 && pb >= 0 && (pa === pb || pa === ab || aa === pb || (aa >= 0 && aa === ab))) return 3;
      if (similarity >= low) return 4;
      if ((s.length === 1 || t.length === 1) && s.charCodeAt(0) === t.charCodeAt(0)) return 5;
      return 6;
    },
  };
}

function textComparator(dictionary: readonly string[], jw: readonly [number, number]): Comparator {
  const [high, low] = jw;
  return {
    labels: levelLabels('text', jw),
    level(a, b) {
      if (a === b) return 0;
      const s = dictionary[a] ?? '';
      const t = dictionary[b] ?? '';
      if (withinOneEdit(s, t)) return 1;
      const similarity = jaroWinkler(s, t);
      return similarity >= high ? 2 : similarity >= low ? 3 : 4;
    },
  };
}

function codeComparator(dictionary: readonly string[]): Comparator {
  return {
    labels: levelLabels('code', [0, 0]),
    level: (a, b) => (a === b ? 0 : withinOneEdit(dictionary[a] ?? '', dictionary[b] ?? '') ? 1 : 2),
  };
}

function exactComparator(kind: 'exact' | 'sex'): Comparator {
  return { labels: levelLabels(kind, [0, 0]), level: (a, b) => (a === b ? 0 : 1) };
}

/** Dates as YYYYMMDD numbers; see normaliseDate. */
function dateComparator(dictionary: readonly string[]): Comparator {
  const ymd = Int32Array.from(dictionary, (d) => Number(d));
  return {
    labels: levelLabels('date', [0, 0]),
    level(a, b) {
      if (a === b) return 0;
      const x = ymd[a] ?? 0;
      const y = ymd[b] ?? 0;
      const yearX = Math.floor(x / 10000);
      const yearY = Math.floor(y / 10000);
      const monthX = Math.floor(x / 100) % 100;
      const monthY = Math.floor(y / 100) % 100;
      const dayX = x % 100;
      const dayY = y % 100;
      if (yearX === yearY && monthX === dayY && dayX === monthY) return 1;
      const s = dictionary[a] ?? '';
      const t = dictionary[b] ?? '';
      if (hammingDistance(s, t) === 1 || isAdjacentTransposition(s, t)) return 2;
      if (Math.abs(yearX - yearY) === 1 && monthX === monthY && dayX === dayY) return 3;
      return 4;
    },
  };
}

function postcodeComparator(dictionary: readonly string[]): Comparator {
  const code = interner();
  const n = dictionary.length;
  const sector = new Int32Array(n).fill(-1);
  const district = new Int32Array(n).fill(-1);
  const area = new Int32Array(n).fill(-1);
  dictionary.forEach((p, i) => {
    const parts = postcodeParts(p);
    if (!parts) return;
    if (parts.sector !== '') sector[i] = code(`s${parts.sector}`);
    district[i] = code(`d${parts.district}`);
    area[i] = code(`a${parts.area}`);
  });
  const same = (column: Int32Array, a: number, b: number): boolean => {
    const x = column[a] ?? -1;
    return x >= 0 && x === column[b];
  };
  return {
    labels: levelLabels('uk-postcode', [0, 0]),
    level(a, b) {
      if (a === b) return 0;
      if (same(sector, a, b)) return 1;
      if (same(district, a, b)) return 2;
      if (same(area, a, b)) return 3;
      return 4;
    },
  };
}

function identifierComparator(dictionary: readonly string[]): Comparator {
  return {
    labels: levelLabels('identifier', [0, 0]),
    level(a, b) {
      if (a === b) return 0;
      const s = dictionary[a] ?? '';
      const t = dictionary[b] ?? '';
      if (isAdjacentTransposition(s, t)) return 1;
      if (hammingDistance(s, t) === 1) return 2;
      return 3;
    },
  };
}

/** The comparator for a field over its dictionary of distinct cleaned values. */
export function buildComparator(field: FieldSettings, dictionary: readonly string[]): Comparator {
  switch (field.comparison) {
    case 'name':
      return nameComparator(dictionary, field.jaroWinkler);
    case 'text':
      return textComparator(dictionary, field.jaroWinkler);
    case 'code':
      return codeComparator(dictionary);
    case 'exact':
    case 'sex':
      return exactComparator(field.comparison);
    case 'date':
      return dateComparator(dictionary);
    case 'uk-postcode':
      return postcodeComparator(dictionary);
    case 'identifier':
      return identifierComparator(dictionary);
  }
}
