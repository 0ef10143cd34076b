/**
 * Patient/[id]/$everything (http://hl7.org/fhir/R4/patient-operation-everything.html): every current
 * resource of the person from every source system, across all their linked identities (the person
 * index links each source's record of them), the Patient resources first, paged.
 */
import { type EverythingCursor, fhirSearchTypes, personOfPatient, personRecords } from '../record/index.js';
import { bundleText, pageLinks, entryText } from './bundle-text.js';
import { type FhirContext, type FhirResponse, fhirJson } from './context.js';
import { fhirError } from './outcome.js';
import { pageSize, parseInstant } from './parameters.js';
import { wholeTypes } from './scope-grants.js';

const everythingParameters = new Set(['_count', '_since', '_type', '_cursor', '_format', '_pretty']);

export async function everything(ctx: FhirContext, id: string, query: readonly [string, string][]): Promise<FhirResponse> {
  let since: string | undefined;
  let types: readonly string[] = fhirSearchTypes;
  let after: EverythingCursor | undefined;
  for (const [name, value] of query) {
    if (!everythingParameters.has(name)) throw fhirError(400, 'not-supported', `$everything takes _count, _since, _type and _cursor; ${name} is not supported (start and end are not).`, name);
    if (name === '_since') since = parseInstant(value, '_since');
    if (name === '_type') {
      const asked = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
      const unknown = asked.filter((t) => !fhirSearchTypes.includes(t));
      if (unknown.length > 0) throw fhirError(400, 'not-supported', `_type names types this server does not hold: ${unknown.join(', ')}.`, '_type');
      types = asked;
    }
    if (name === '_cursor') after = decodeCursor(value);
  }
  const patient = await personOfPatient(ctx.db, id, ctx.scope);
  if (patient === undefined) throw fhirError(404, 'not-found', `There is no Patient/${id}.`);
  if (patient.deleted) throw fhirError(410, 'deleted', `Patient/${id} was deleted.`);
  // Only the types the token's scopes grant whole (a restricted or missing scope leaves its type out).
  types = wholeTypes(ctx, types);
  const count = pageSize(query, 1000, 5000);
  const page = patient.personId === null
    ? { entries: [], next: undefined }
    : await personRecords(ctx.db, patient.personId, { count, types, scope: ctx.scope, ...(since !== undefined ? { since } : {}), ...(after !== undefined ? { after } : {}) });
  const self = `${ctx.base}/Patient/${id}/$everything`;
  const links = pageLinks(self, query, page.next === undefined ? undefined : Buffer.from(JSON.stringify(page.next)).toString('base64url'));
  return {
    status: 200,
    headers: { 'content-type': fhirJson },
    body: bundleText({ type: 'searchset', links, entries: page.entries.map((e) => entryText(ctx.base, e, { search: { mode: 'match' } })), now: ctx.now }),
  };
}

function decodeCursor(text: string): EverythingCursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<EverythingCursor>;
    if (typeof value.rank === 'number' && typeof value.type === 'string' && typeof value.id === 'string') return { rank: value.rank, type: value.type, id: value.id };
  } catch {
    // reported below
  }
  throw fhirError(400, 'invalid', 'The _cursor parameter is not a page of this $everything; follow the links the server gave.', '_cursor');
}
