// Case-finding on the record, as a team runs it from the command line: a synthetic locality of four
// years imported from its source files, deprivation by area, a model trained on one year and tested
// on the next, its report beside the truth, recalibration, the nightly scoring run; on each backend.
// And the record, read back, is the same activity per person as the truth it was made from.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { backends } from '../../test/support/databases.js';
import { everyone, openDatabase } from '../platform/index.js';
import { resolveSynthOptions, trueLocality } from '../synthetic/index.js';
import { featureRow, features, summarise } from './features.js';
import { recordActivities } from './record-activity.js';
import { syntheticActivity } from './synthetic-activity.js';
import { decide } from './worklist.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const dir = mkdtempSync(path.join(tmpdir(), 'joinedup-case-finding-'));
const locality = path.join(dir, 'locality');
const synth = { people: 1500, seed: 5, start: '2021-04-01', years: 4 } as const;
beforeAll(async () => {
  const made = await runCli(['synth', '--people', String(synth.people), '--seed', String(synth.seed), '--start', synth.start, '--years', String(synth.years), '--out', locality]);
  expect(made.code, made.stderr).toBe(0);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each(backends.filter((b) => b.available))('case-finding from the command line ($name)', (backend) => {
  let env: Record<string, string> = {};
  let dispose: (() => Promise<void>) | undefined;
  const dataDir = path.join(dir, `db-${backend.name}`);
  const run = (...args: string[]) => runCli([...args, ...(backend.name === 'pglite' ? ['--data-dir', dataDir] : [])], env);
  beforeAll(async () => {
    if (backend.name === 'postgres') {
      const fresh = await backend.open();
      env = { DATABASE_URL: fresh.url ?? '' };
      dispose = () => fresh.dispose();
    }
    const imported = await run('import', locality);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('refuses to score, evaluate or recalibrate before a model is trained, and a training year whose outcomes are not in', async () => {
    for (const args of [['risk', 'score'], ['risk', 'recalibrate', '--index-date', '2023-04-01']]) {
      const { code, stderr } = await run(...args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/No such model version[\s\S]*No model is active/);
    }
    const future = await run('risk', 'train', '--index-date', '2026-04-01');
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/--index-date: needs 12 months of outcomes after it/);
    const notADate = await run('risk', 'train', '--index-date', '2023-02-30');
    expect(notADate.code).toBe(2);
    expect(notADate.stderr).toMatch(/must be a date/);
    const areas = await run('risk', 'areas', '--input', path.join(locality, 'place/organisations.csv'));
    expect(areas.code).toBe(2);
    expect(areas.stderr).toMatch(/needs the columns postcode_sector and deprivation_decile/);
  });

  it('trains on one year, validates on the next, judges the model beside the truth, recalibrates and scores everyone', async () => {
    const areas = await run('risk', 'areas', '--input', path.join(locality, 'place/neighbourhoods.csv'));
    expect(areas.code, areas.stderr).toBe(0);
    expect(areas.stdout).toMatch(/loaded the deprivation decile of \d+ postcode sectors/);

    const trained = await run('risk', 'train', '--index-date', '2023-04-01', '--activate');
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stderr).toMatch(/model version 1 \(trained\): [\d,]+ people on 2023-04-01, \d+ admitted in the year after; validated on 2024-04-01: AUROC 0\.\d+/);

    const report = path.join(dir, `report-${backend.name}.json`);
    const html = path.join(dir, `report-${backend.name}.html`);
    const judged = await run('risk', 'evaluate', '--index-date', '2024-04-01', '--truth', locality, '--out', report, '--html', html);
    expect(judged.code, judged.stderr).toBe(0);
    const r = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown> & { oracle: Record<string, unknown>; auroc: number; auroc_oracle: number; calibration_slope: number; people: number };
    for (const key of ['auroc', 'auroc_oracle', 'calibration_slope', 'calibration_in_the_large', 'brier', 'ppv_at', 'sensitivity_at']) expect(r, key).toHaveProperty(key);
    for (const key of ['auroc', 'calibration_slope', 'calibration_in_the_large', 'brier', 'ppv_at', 'sensitivity_at']) expect(r.oracle, key).toHaveProperty(key);
    expect(Object.keys(r.ppv_at as object)).toEqual(['0.005', '0.01', '0.02', '0.05']);
    expect(Object.keys(r.sensitivity_at as object)).toEqual(['0.005', '0.01', '0.02', '0.05']);
    expect(r.people).toBeGreaterThan(1400);
    // 1,500 people and about 120 admissions: wide intervals, but a real model and a fair truth.
    expect(r.auroc).toBeGreaterThan(0.65);
    expect(r.auroc_oracle).toBeGreaterThan(r.auroc - 0.03);
    expect(r.calibration_slope).toBeGreaterThan(0.6);
    expect(readFileSync(html, 'utf8')).toMatch(/<svg[\s\S]*<svg[\s\S]*<svg/);

    const recalibrated = await run('risk', 'recalibrate', '--index-date', '2024-04-01');
    expect(recalibrated.code, recalibrated.stderr).toBe(0);
    expect(recalibrated.stderr).toMatch(/model version 2 \(recalibrated from version 1\).*logit p′ = -?\d+\.\d+ \+ \d+\.\d+ × logit p/);

    const scored = await run('risk', 'score', '--index-date', '2025-04-01');
    expect(scored.code, scored.stderr).toBe(0);
    expect(scored.stderr).toMatch(/scored [\d,]+ people on 2025-04-01 with model version 1/);
    const listed = await run('risk', 'models');
    expect(listed.stdout.trim().split('\n').map((l) => /^model version (\d+) \((\w+)/.exec(l)?.slice(1, 3))).toEqual([['2', 'recalibrated'], ['1', 'trained']]);
    expect(listed.stdout).toMatch(/model version 1 .*; active/);
  });
});

describe('the record read back', () => {
  const dataDir = path.join(dir, 'db-equivalence');

  it('gives each person the same features as the truth they were made from (people the person index linked exactly)', async () => {
    const imported = await runCli(['import', locality, '--data-dir', dataDir]);
    expect(imported.code, imported.stderr).toBe(0);
    const truthOf = new Map<string, string>();
    for (const line of readFileSync(path.join(locality, 'truth/source-records.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [source, localId, personId] = line.split(',');
      truthOf.set(`${source}|${localId}`, personId ?? '');
    }
    const db = await openDatabase({ dataDir });
    const indexDate = '2024-04-01';
    const fromRecord = new Map<string, Float64Array>();
    try {
      const { rows } = await db.query<{ person_id: string; source_id: string; local_id: string }>('SELECT person_id::text AS person_id, source_id, local_id FROM people.identity');
      const truths = new Map<string, Set<string>>();
      const people = new Map<string, Set<string>>();
      for (const r of rows) {
        const t = truthOf.get(`${r.source_id}|${r.local_id}`) ?? '?';
        truths.set(r.person_id, (truths.get(r.person_id) ?? new Set()).add(t));
        people.set(t, (people.get(t) ?? new Set()).add(r.person_id));
      }
      for await (const batch of recordActivities(db)) {
        for (const a of batch) {
          const t = [...(truths.get(a.id) ?? [])];
          // Exactly linked: every identity of the record person is this true person's, and all of theirs are here.
          if (t.length !== 1 || people.get(t[0] ?? '')?.size !== 1) continue;
          const row = new Float64Array(features.length);
          featureRow(summarise(a, indexDate), row);
          fromRecord.set(t[0] ?? '', row);
        }
      }
    } finally {
      await db.close();
    }
    const truth = trueLocality(resolveSynthOptions({ people: synth.people, seed: synth.seed, start: synth.start, years: synth.years }));
    const deprivation = new Set(['deprivation', 'deprivation_unknown']);
    let compared = 0;
    const differing = new Map<string, number>();
    for (const t of truth.people()) {
      const row = fromRecord.get(t.person.id);
      if (row === undefined || t.person.dateOfBirth >= indexDate || (t.person.dateOfDeath ?? '9999') < indexDate) continue;
      const expected = new Float64Array(features.length);
      featureRow(summarise(syntheticActivity(t, truth.deprivationDecile, indexDate), indexDate), expected);
      compared++;
      // Deprivation is left out: the record knows where people live now, the truth where they lived on the day.
      features.forEach((f, j) => {
        if (!deprivation.has(f.key) && Math.abs((row[j] ?? 0) - (expected[j] ?? 0)) > 1e-9) differing.set(f.key, (differing.get(f.key) ?? 0) + 1);
      });
    }
    expect(compared).toBeGreaterThan(1300);
    // Sources hold imperfect copies (a wrong date of birth moves an age); nothing else may differ.
    const allowed = new Set(['age', 'age_over_5', 'age_over_18', 'age_over_45', 'age_over_65', 'age_over_75', 'age_over_85', 'female']);
    const unexplained = [...differing].filter(([key, n]) => !allowed.has(key) || n > compared * 0.02);
    expect(unexplained, JSON.stringify([...differing])).toEqual([]);
  });

  it('judges case management against matched controls, not before and after', async () => {
    for (const args of [['risk', 'train', '--index-date', '2022-04-01', '--activate'], ['risk', 'score', '--index-date', '2024-04-01']]) {
      const { code, stderr } = await runCli([...args, '--data-dir', dataDir]);
      expect(code, stderr).toBe(0);
    }
    const none = await runCli(['risk', 'impact', '--out', path.join(dir, 'none.json'), '--data-dir', dataDir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No scoring run has anyone enrolled from it yet/);
    // The team enrols 40 of the 160 people at highest risk (enrolment changes nothing in a synthetic place).
    const db = await openDatabase({ dataDir });
    try {
      const { rows } = await db.query<{ person_id: string }>('SELECT person_id::text AS person_id FROM (SELECT person_id, row_number() OVER (ORDER BY probability DESC) AS n FROM risk.score) s WHERE n <= 160 AND n % 4 = 0');
      for (const r of rows) await decide(db, everyone, Number(r.person_id), { decision: 'enrol', coordinator: 'sam.coordinator' }, 'Test GP');
    } finally {
      await db.close();
    }
    const out = path.join(dir, 'impact.json');
    const judged = await runCli(['risk', 'impact', '--out', out, '--data-dir', dataDir]);
    expect(judged.code, judged.stderr).toBe(0);
    expect(judged.stderr).toMatch(/40 enrolled, \d+ matched to \d+ controls on predicted risk/);
    const impact = JSON.parse(readFileSync(out, 'utf8')) as { comparison: { enrolled: number; matchedCases: number; riskDifference: { ci95: [number, number] }; balance: { after: number } }; beforeAfter: { people: number } };
    expect(impact.comparison.enrolled).toBe(40);
    expect(impact.comparison.matchedCases).toBeGreaterThan(20);
    expect(impact.beforeAfter.people).toBe(40);
    // No effect to find: the interval holds 0.
    expect(impact.comparison.riskDifference.ci95[0]).toBeLessThanOrEqual(0);
    expect(impact.comparison.riskDifference.ci95[1]).toBeGreaterThanOrEqual(0);
  });
});
