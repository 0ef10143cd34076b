/**
 * Search (GET [type]?…, POST [type]/_search; FHIR R4 search.html): the parameters parsed and checked
 * by the record's search, the matches a page at a time with next links that hold their place, what
 * `_include` and `_revinclude` reach, subsets, totals, and what was ignored told in an
 * OperationOutcome entry.
 */
import {
  type Inclusion, type Match, type ParsedSearch, type SearchProblem, CursorError, countMatches, includeIterationLimit, includedResources, parseSearch,
  type SearchPlan, recordInScope, runSearch, searchPlan,
} from '../record/index.js';
import type { Queryable } from '../platform/index.js';
import { bundleText, entryText, pageLinks } from './bundle-text.js';
import { type FhirContext, type FhirResponse, fhirJson, preferences } from './context.js';
import { applySubset } from './elements.js';
import { FhirError, type OutcomeIssue, fhirError, operationOutcome } from './outcome.js';
import { grantCondition, grantedMatches } from './scope-grants.js';

function issues(problems: readonly SearchProblem[]): OutcomeIssue[] {
  return problems.map((p) => ({ severity: p.severity, code: p.code, diagnostics: p.diagnostics, expression: [p.expression] }));
}

function parse(ctx: FhirContext, type: string, query: readonly [string, string][], strict: boolean): ParsedSearch {
  const parsed = parseSearch(type, query, { strict, base: ctx.base, defaultCount: 20, maxCount: 1000, now: ctx.now });
  if (!parsed.ok) throw new FhirError(400, issues(parsed.problems));
  return parsed;
}

export async function search(ctx: FhirContext, type: string, query: readonly [string, string][], prefer: string | undefined): Promise<FhirResponse> {
  const parsed = parse(ctx, type, query, preferences(prefer).handling === 'strict');
  const plan = scopedPlan(ctx, parsed);
  const path = `${ctx.base}/${type}`;
  const outcome = parsed.warnings.length > 0 ? [`{"resource":${JSON.stringify(operationOutcome(issues(parsed.warnings)))},"search":{"mode":"outcome"}}`] : [];
  if (parsed.summary === 'count' || parsed.count === 0) {
    const total = await countMatches(ctx.db, plan);
    return { status: 200, headers: { 'content-type': fhirJson }, body: bundleText({ type: 'searchset', total, links: pageLinks(path, query, undefined), entries: outcome, now: ctx.now }) };
  }
  let page;
  try {
    page = await runSearch(ctx.db, plan, { count: parsed.count, ...(parsed.cursor !== undefined ? { cursor: parsed.cursor } : {}), total: parsed.total ?? 'estimate' });
  } catch (error) {
    if (error instanceof CursorError) throw fhirError(400, 'invalid', error.message, '_cursor');
    throw error;
  }
  const included = await includes(ctx, parsed, page.matches);
  const subset = { ...(parsed.summary !== undefined ? { summary: parsed.summary } : {}), ...(parsed.elements !== undefined ? { elements: parsed.elements } : {}) };
  const entries = [
    ...page.matches.map((m) => entryText(ctx.base, m, { search: { mode: 'match' } }, applySubset(m.text ?? '{}', subset))),
    ...included.map((m) => entryText(ctx.base, m, { search: { mode: 'include' } })),
    ...outcome,
  ];
  return {
    status: 200,
    headers: { 'content-type': fhirJson },
    body: bundleText({ type: 'searchset', ...(page.total !== undefined ? { total: page.total } : {}), links: pageLinks(path, query, page.next), entries, now: ctx.now }),
  };
}

/** The search's plan, kept within the people the caller may see and what the token's scopes grant (the conditions are part of the query). */
function scopedPlan(ctx: FhirContext, parsed: ParsedSearch): SearchPlan {
  const plan = searchPlan(parsed);
  const granted = grantCondition(ctx, plan.type, 's');
  return {
    ...plan,
    where: (params) => {
      const conditions = [plan.where(params), recordInScope(ctx.scope, 'r', params), granted?.(params) ?? ''].filter((c) => c !== '' && c !== 'true');
      return conditions.join(' AND ');
    },
  };
}

/** _include and _revinclude, with :iterate followed over what the previous level included, a few levels deep. */
async function includes(ctx: FhirContext, parsed: ParsedSearch, matches: readonly Match[]): Promise<Match[]> {
  const inclusions = (iterateOnly: boolean): Inclusion[] =>
    [...parsed.include.map((i) => ({ i, reverse: false })), ...parsed.revinclude.map((i) => ({ i, reverse: true }))]
      .filter(({ i }) => !iterateOnly || i.iterate)
      .map(({ i, reverse }) => ({ sourceType: i.sourceType, param: i.param, ...(i.targetType !== undefined ? { targetType: i.targetType } : {}), reverse }));
  const seen = new Set(matches.map((m) => `${m.type}/${m.id}`));
  const all: Match[] = [];
  let from: readonly Match[] = matches;
  let next = inclusions(false);
  for (let level = 0; level <= includeIterationLimit && next.length > 0 && from.length > 0; level++) {
    const found = (await grantedMatches(ctx, await includedResources(ctx.db, from, next, ctx.scope))).filter((m) => !seen.has(`${m.type}/${m.id}`));
    for (const m of found) seen.add(`${m.type}/${m.id}`);
    all.push(...found);
    from = found;
    next = inclusions(true);
  }
  return all;
}

/** The resources matching search parameters (If-None-Exist, conditional references): strict, at most `limit`. */
export async function findMatches(ctx: FhirContext, db: Queryable, type: string, params: readonly [string, string][], limit: number): Promise<Match[]> {
  const parsed = parse(ctx, type, params, true);
  const page = await runSearch(db, scopedPlan(ctx, parsed), { count: limit, total: 'none' });
  return page.matches;
}
