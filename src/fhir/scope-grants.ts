/**
 * A token's SMART scopes, applied to what a request returns (SMART App Launch v2, scopes with
 * restrictions): a type the token grants whole is returned whole; a type it grants only through
 * restricted scopes (`patient/Observation.rs?category=…|laboratory`) only where one of the
 * restrictions holds, each restriction being search parameters of the type, run as the search would
 * run them; a type it does not grant at all is left out of `_include`, `_revinclude` and
 * `$everything`. The access policy has already refused what the token may not do at all.
 */
import { type Permission, typeGrant } from '../access/index.js';
import { type Match, parseSearch, runSearch, searchPlan } from '../record/index.js';
import type { FhirContext } from './context.js';
import { fhirError } from './outcome.js';

/** The SQL (over `record.source_record r`) that keeps `type` within the token's restricted scopes; undefined when the token grants the type whole. */
export function grantCondition(ctx: FhirContext, type: string, interaction: Permission): ((params: unknown[]) => string) | undefined {
  const grant = typeGrant(ctx.principal, type, interaction);
  if (grant === 'all') return undefined;
  if (grant === 'none') return () => 'false';
  const plans = grant.anyOf.map((set) => {
    const query = set.map((r): [string, string] => [r.name, r.value]);
    const parsed = parseSearch(type, query, { strict: true, base: ctx.base, defaultCount: 1, maxCount: 1, now: ctx.now });
    if (!parsed.ok) {
      const shown = query.map(([n, v]) => `${n}=${v}`).join('&');
      throw fhirError(403, 'forbidden', `The token's scope restriction "${shown}" on ${type} is not a search this server can run (${parsed.problems.map((p) => p.diagnostics).join('; ')}), so it grants nothing.`);
    }
    return searchPlan(parsed);
  });
  return (params) => `(${plans.map((plan) => `(${plan.where(params) || 'true'})`).join(' OR ')})`;
}

/** Whether the current resource `type`/`id` lies within what the token grants reading. */
export async function withinGrant(ctx: FhirContext, type: string, id: string): Promise<boolean> {
  const condition = grantCondition(ctx, type, 'r');
  if (condition === undefined) return true;
  const page = await runSearch(ctx.db, { type, where: (params) => `r.fhir_id = $${params.push(id)} AND ${condition(params)}`, sort: [] }, { count: 1, total: 'none' });
  return page.matches.length > 0;
}

/** Of resources a search includes, those the token grants reading. */
export async function grantedMatches(ctx: FhirContext, matches: readonly Match[]): Promise<Match[]> {
  const kept = new Set<number>();
  for (const type of new Set(matches.map((m) => m.type))) {
    const ofType = matches.filter((m) => m.type === type);
    const condition = grantCondition(ctx, type, 'r');
    if (condition === undefined) {
      for (const m of ofType) kept.add(m.recordId);
      continue;
    }
    const ids = ofType.map((m) => m.recordId);
    const page = await runSearch(ctx.db, { type, where: (params) => `r.id = ANY($${params.push(ids)}::int8[]) AND ${condition(params)}`, sort: [] }, { count: ids.length, total: 'none' });
    for (const m of page.matches) kept.add(m.recordId);
  }
  return matches.filter((m) => kept.has(m.recordId));
}

/** Of the types `$everything` would return, those the token grants searching whole. */
export function wholeTypes(ctx: FhirContext, types: readonly string[]): string[] {
  return types.filter((type) => typeGrant(ctx.principal, type, 's') === 'all');
}
