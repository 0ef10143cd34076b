// The hospital's, community services' and council's CSV records, imported from the synthetic
// sample, are served through the FHIR API as valid R4: every resource of every type passes the R4
// validator as served, references to people resolve, and each source's records are searchable.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.js';
import { fhirAppFor } from '../../test/support/fhir.js';
import { fhirSearchTypes, importFile } from '../record/index.js';
import { validateResource } from './validation/index.js';

const sample = fileURLToPath(new URL('../../test/fixtures/record/csv/synthetic/', import.meta.url));

describe.each(backends)('CSV records in the FHIR view on $name', (backend) => {
  const fhir = fhirAppFor(backend);

  it.skipIf(!backend.available)('serves every imported row as a valid R4 resource whose people are held here', async () => {
    for (const source of ['hospital', 'community', 'council']) {
      // People files first, so that the activity rows' people are known.
      const files = readdirSync(path.join(sample, source)).sort((a, b) => Number(b.includes('patients') || b.includes('people')) - Number(a.includes('patients') || a.includes('people')));
      for (const name of files) {
        const summary = await importFile(fhir.joinedUp().db, { sourceId: source, file: path.join(sample, source, name) });
        expect(summary.status, `${source}/${name}`).toBe('done');
      }
    }
    const served: Record<string, unknown>[] = [];
    for (const type of fhirSearchTypes) {
      let next: string | undefined = `${type}?_count=1000`;
      while (next !== undefined) {
        const page = await fhir.request('GET', next);
        expect(page.status).toBe(200);
        served.push(...((page.body.entry ?? []) as { resource: Record<string, unknown> }[]).map((e) => e.resource));
        const link = (page.body.link as { relation: string; url: string }[]).find((l) => l.relation === 'next')?.url;
        next = link === undefined ? undefined : link.slice(link.indexOf('/fhir/r4/') + '/fhir/r4/'.length);
      }
    }
    const types = new Set(served.map((r) => r.resourceType));
    expect([...types].sort()).toEqual(['Encounter', 'EpisodeOfCare', 'Patient', 'ServiceRequest']);
    const errors = served.flatMap((r) => validateResource(r).filter((i) => i.severity === 'error').map((i) => `${String(r.resourceType)}/${String(r.id)} ${i.expression}: ${i.diagnostics}`));
    expect(errors.slice(0, 20)).toEqual([]);
    const patients = new Set(served.filter((r) => r.resourceType === 'Patient').map((r) => `Patient/${String(r.id)}`));
    const subjects = served.map((r) => ((r.subject ?? r.patient) as { reference?: string } | undefined)?.reference).filter((s): s is string => s !== undefined);
    // The sample holds the first 200 rows of each file, so some rows' people are not in it.
    expect(subjects.filter((s) => patients.has(s)).length).toBeGreaterThan(subjects.length / 2);
    const spells = await fhir.request('GET', 'Encounter?class=IMP&_summary=count');
    expect(spells.body.total).toBe(200);
  }, 120_000);
});
