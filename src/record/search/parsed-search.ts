/**
 * A FHIR search as parsed (R4 "Search", http://hl7.org/fhir/R4/search.html): conditions that must all
 * hold (a repeated parameter), each an OR of values (a comma-separated list), and how to return the
 * results. parseSearch builds it; searchConditionsSql and sortKeysSql turn it into SQL.
 */
import type { SearchParamType } from './index-values.js';

/** The comparison prefixes of numbers, dates and quantities (§3.1.1.4, "prefix"). */
export type Prefix = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'sa' | 'eb' | 'ap';
export const prefixes: readonly Prefix[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'sa', 'eb', 'ap'];

/** `code`, `system|code`, `|code` or `system|`: system undefined is any system, null none; code undefined any code. */
export interface TokenMatch {
  system?: string | null;
  code?: string;
}

/** A date with its prefix: the instants the value covers ([low, high), widened for ap). */
export interface DateMatch {
  prefix: Prefix;
  low: string;
  high: string;
}

/** A number or quantity with its prefix: the value and its implicit range [low, high) (widened for ap), as exact decimals. */
export interface NumberMatch {
  prefix: Prefix;
  value: string;
  low: string;
  high: string;
  /** Quantities only: undefined matches any. */
  system?: string;
  code?: string;
}

/** A reference to a record held here (type undefined: any type), or any other reference by its URL. */
export type ReferenceMatch = { kind: 'local'; type?: string; id: string } | { kind: 'url'; url: string };

interface OnParameter {
  /** The type whose records the condition is on (the searched type, or a chain's target). */
  resourceType: string;
  param: string;
}

export type SearchCondition =
  | (OnParameter & { kind: 'token'; not: boolean; values: TokenMatch[] })
  | (OnParameter & { kind: 'uri'; match: 'exact' | 'below' | 'above'; values: string[] })
  | (OnParameter & { kind: 'string'; match: 'start' | 'exact' | 'contains'; values: string[] })
  | (OnParameter & { kind: 'date'; values: DateMatch[] })
  | (OnParameter & { kind: 'number'; values: NumberMatch[] })
  | (OnParameter & { kind: 'reference'; values: ReferenceMatch[] })
  | (OnParameter & { kind: 'missing'; type: SearchParamType; missing: boolean })
  /** The reference parameter points to a record, of one of the target types, on which the target's condition holds. */
  | (OnParameter & { kind: 'chain'; targets: { resourceType: string; condition: SearchCondition }[] })
  | { kind: 'id'; not: boolean; values: string[] }
  | { kind: 'lastUpdated'; values: DateMatch[] }
  /** A condition known without looking (`_id:missing=true` never holds). */
  | { kind: 'constant'; holds: boolean };

export interface SortKey {
  /** A parameter of the searched type, or _id / _lastUpdated. */
  param: string;
  type: SearchParamType;
  descending: boolean;
}

export interface IncludeRequest {
  /** The type holding the reference parameter. */
  sourceType: string;
  /** The reference parameter, or '*' for all of them. */
  param: string;
  /** Only references to this type. */
  targetType?: string;
  /** Also follow the included records' own references (the executor limits the depth). */
  iterate: boolean;
}

export type SummaryMode = 'true' | 'text' | 'data' | 'count' | 'false';
export type TotalMode = 'none' | 'estimate' | 'accurate';

export interface SearchProblem {
  severity: 'error' | 'warning';
  code: 'not-supported' | 'invalid' | 'value' | 'not-found';
  /** The parameter as written. */
  expression: string;
  diagnostics: string;
}

export interface ParsedSearch {
  ok: true;
  resourceType: string;
  /** All must hold. */
  conditions: SearchCondition[];
  count: number;
  sort: SortKey[];
  include: IncludeRequest[];
  revinclude: IncludeRequest[];
  summary: SummaryMode | undefined;
  elements: string[] | undefined;
  total: TotalMode | undefined;
  /** The HTTP layer's paging position, passed through as it came. */
  cursor: string | undefined;
  /** What was ignored (lenient handling) or adjusted, for the OperationOutcome beside the results. */
  warnings: SearchProblem[];
}

export interface SearchProblems {
  ok: false;
  /** At least one error; warnings too. */
  problems: SearchProblem[];
}

export interface SearchOptions {
  /** `Prefer: handling=strict`: unknown parameters and modifiers are errors rather than warnings. */
  strict: boolean;
  /** The server's base URL (…/fhir/r4): an absolute reference under it is to a record held here. */
  base?: string;
  /** Page size when _count is not given (default 20). */
  defaultCount?: number;
  /** Largest page size; a larger _count is reduced to it, with a warning (default 1000). */
  maxCount?: number;
  /** The time `ap` dates are approximately near to; `ap` on a date is refused without it. */
  now?: Date;
}
