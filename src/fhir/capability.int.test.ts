// The CapabilityStatement matches behaviour: every search parameter it lists, for every type, finds
// an official example by that example's own value (or, where no example has a value, is accepted),
// and every sortable one sorts.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { extractIndex, fhirSearchTypes, searchParameters } from '../record/index.js';

const examplesDir = fileURLToPath(new URL('../../node_modules/hl7.fhir.r4.examples/', import.meta.url));
type Resource = Record<string, unknown> & { resourceType: string; id: string };
const official: Resource[] = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json') && fhirSearchTypes.some((t) => f.startsWith(`${t}-`)))
  .map((f) => JSON.parse(readFileSync(path.join(examplesDir, f), 'utf8')) as Resource)
  // Questionnaire-qs1 breaks R4 (its display items have no linkId, which every item must have), so the API rightly refuses it.
  .filter((r) => !(r.resourceType === 'Questionnaire' && r.id === 'qs1'))
  .filter((r) => fhirSearchTypes.includes(r.resourceType));

/** A search value that the resource's own indexed value for `param` must match. */
function valueFor(resource: Resource, param: string, type: string): string | undefined {
  const index = extractIndex(resource);
  const escape = (text: string): string => text.replace(/[\\,$|]/g, (c) => `\\${c}`);
  switch (type) {
    case 'token':
    case 'uri': {
      const token = index.tokens.find((t) => t.param === param);
      if (token === undefined) return undefined;
      return type === 'uri' || token.system === null ? escape(token.code) : `${escape(token.system)}|${escape(token.code)}`;
    }
    case 'string': {
      const value = index.strings.find((s) => s.param === param);
      return value === undefined ? undefined : escape(value.norm.slice(0, 3));
    }
    case 'date': {
      const value = index.dates.find((d) => d.param === param);
      if (value === undefined) return undefined;
      return value.low === '-infinity' ? `le${value.high}` : `ge${value.low}`;
    }
    case 'reference': {
      // A reference to a type the parameter does not target (an example's slip) cannot be searched for.
      const targets = searchParameters(resource.resourceType).get(param)?.targets ?? [];
      const value = index.references.find((r) => r.param === param && (r.targetType === null || targets.includes(r.targetType) || targets.includes('Resource')));
      if (value === undefined) return undefined;
      // An absolute reference names a resource on another server: it is searched for by its URL.
      return value.targetType !== null && value.targetId !== null && !value.url.includes(':') ? `${value.targetType}/${value.targetId}` : escape(value.url);
    }
    case 'quantity':
    case 'number': {
      const value = index.quantities.find((q) => q.param === param);
      if (value === undefined) return undefined;
      return type === 'number' || (value.system === null && value.code === null) ? value.value : `${value.value}|${escape(value.system ?? '')}|${escape(value.code ?? '')}`;
    }
    default:
      return undefined;
  }
}

describe.each(backends)('the CapabilityStatement on $name', (backend) => {
  const fhir = fhirAppFor(backend);

  it.skipIf(!backend.available)('lists only search parameters that work, each finding an example by its own value', async () => {
    // AuditEvent is the installation's own audit trail, not the record's: checked below.
    const examples = official.filter((e) => e.resourceType !== 'AuditEvent');
    for (const example of examples) {
      const answer = await fhir.request('PUT', `${example.resourceType}/${example.id}`, example, { prefer: 'return=minimal' });
      expect(answer.status, `${example.resourceType}/${example.id}`).toBe(201);
    }
    const served: Resource[] = [];
    for (const type of fhirSearchTypes.filter((t) => t !== 'AuditEvent')) {
      const all = await fhir.request('GET', `${type}?_count=1000`);
      served.push(...((all.body.entry ?? []) as { resource: Resource }[]).map((e) => e.resource));
    }
    expect(served.length).toBe(examples.length);
    const statement = await fhir.request('GET', 'metadata');
    const rest = (statement.body.rest as { resource: { type: string; searchParam: { name: string; type: string }[] }[]; searchParam: { name: string; type: string }[] }[])[0];
    expect(rest?.resource.map((r) => r.type).sort()).toEqual([...fhirSearchTypes].sort());
    const audit = rest?.resource.find((r) => r.type === 'AuditEvent');
    expect(audit?.searchParam.map((p) => p.name)).toEqual(['patient', 'agent-name', 'subtype']);
    for (const name of ['agent-name=Test%20system', 'subtype=update', `patient=${String(served.find((r) => r.resourceType === 'Patient')?.id)}`]) {
      const answer = await fhir.request('GET', `AuditEvent?${name}&_count=5`);
      expect(answer.status, `AuditEvent?${name}: ${answer.text.slice(0, 300)}`).toBe(200);
      expect((answer.body.entry as unknown[] | undefined)?.length ?? 0, `AuditEvent?${name}`).toBeGreaterThan(0);
    }
    let found = 0;
    let accepted = 0;
    for (const resource of (rest?.resource ?? []).filter((r) => r.type !== 'AuditEvent')) {
      for (const param of [...resource.searchParam, ...(rest?.searchParam ?? [])]) {
        const holder = served.find((e) => e.resourceType === resource.type && valueFor(e, param.name, param.type) !== undefined);
        const where = `${resource.type}?${param.name}`;
        if (holder === undefined) {
          const answer = await fhir.request('GET', `${resource.type}?${param.name}:missing=false`, undefined, { prefer: 'handling=strict' });
          expect(answer.status, `${where}: ${answer.text.slice(0, 300)}`).toBe(200);
          accepted++;
          continue;
        }
        const value = valueFor(holder, param.name, param.type) ?? '';
        const query = `${resource.type}?${param.name}=${encodeURIComponent(value)}&_count=1000&_elements=id`;
        const answer = await fhir.request('GET', query, undefined, { prefer: 'handling=strict' });
        expect(answer.status, `${query}: ${answer.text.slice(0, 300)}`).toBe(200);
        const ids = ((answer.body.entry ?? []) as { resource: { id: string } }[]).map((e) => e.resource.id);
        expect(ids, `${where}=${value} finds ${resource.type}/${holder.id}`).toContain(holder.id);
        found++;
        if (['string', 'date', 'token', 'number', 'quantity', 'uri'].includes(param.type)) {
          const sorted = await fhir.request('GET', `${resource.type}?_sort=-${param.name}&_count=5`, undefined, { prefer: 'handling=strict' });
          expect(sorted.status, `${resource.type}?_sort=-${param.name}: ${sorted.text.slice(0, 300)}`).toBe(200);
        }
      }
    }
    expect(found).toBeGreaterThan(300);
    console.log(`search parameters: ${found} found an example by its own value, ${accepted} had no example value and were accepted`);
  }, 600_000);
});
