// `joinedup link` as a person runs it: the built command on the FEBRL files, in a child process.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { root, runCli } from '../../test/support/cli.js';

// Each test runs the command several times, each a process of its own: minutes, not seconds, on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const febrl = path.join(root, 'test/fixtures/febrl');
const settings = path.join(root, 'docs/linkage/febrl.json');
const run = runCli;

const tempDir = (): string => mkdtempSync(path.join(tmpdir(), 'joinedup-link-'));

describe('joinedup link', () => {
  it('links FEBRL4, writes the pairs and prints precision, recall and F1', async () => {
    const out = path.join(tempDir(), 'pairs.csv');
    const { code, stdout, stderr } = await run(['link', '--left', path.join(febrl, 'dataset4a.csv'), '--right', path.join(febrl, 'dataset4b.csv'), '--settings', settings, '--out', out, '--evaluate', path.join(febrl, 'febrl4_true_pairs.csv')]);
    expect(code, stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id_l,id_r,match_weight,match_probability');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(4990);
    expect(rows.length).toBeLessThan(5010);
    for (const [l, r, w, p] of rows) {
      expect(l).toMatch(/^rec-\d+-org$/);
      expect(r).toMatch(/^rec-\d+-dup-\d+$/);
      expect(Number(p)).toBeGreaterThanOrEqual(0.5);
      expect(Number(p)).toBeCloseTo(1 / (1 + 2 ** -Number(w)), 4);
    }
    const f1 = Number(/At threshold 0\.9: precision [\d.]+, recall [\d.]+, F1 ([\d.]+)/.exec(stdout)?.[1]);
    expect(f1).toBeGreaterThanOrEqual(0.999);
    expect(stdout).toMatch(/Best threshold [\d.]+: precision/);
    expect(stderr).toMatch(/link: 5,000 rows × 5,000 rows: [\d,]+ pairs compared of 25,000,000 pairs possible/);
  });

  it('deduplicates one file, with clusters, the model and each field\'s evidence', async () => {
    const dir = tempDir();
    const [out, clusters, model] = ['pairs.csv', 'clusters.csv', 'model.json'].map((f) => path.join(dir, f)) as [string, string, string];
    const { code, stdout, stderr } = await run(['link', '--dedupe', path.join(febrl, 'dataset1.csv'), '--settings', settings, '--out', out, '--clusters', clusters, '--model', model, '--explain', '--threshold', '0.9', '--evaluate', path.join(febrl, 'febrl1_true_pairs.csv')]);
    expect(code, stderr).toBe(0);
    const header = readFileSync(out, 'utf8').split('\n')[0];
    expect(header).toMatch(/^id_l,id_r,match_weight,match_probability,given_name_level,given_name_weight,surname_level/);
    const clusterRows = readFileSync(clusters, 'utf8').trim().split('\n');
    expect(clusterRows[0]).toBe('id,cluster_id');
    expect(clusterRows).toHaveLength(1001);
    const m = JSON.parse(readFileSync(model, 'utf8')) as { prior: number; fields: { name: string; levels: { label: string; m: number; u: number }[] }[] };
    expect(m.fields.map((f) => f.name)).toContain('date_of_birth');
    expect(m.prior).toBeGreaterThan(0);
    expect(stdout).toMatch(/Clusters at the link threshold 0\.9: precision/);
  });

  it('re-links the person index of a database with no files given, and refuses the file options there', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const records = (rows: string[]): string => `local_id,nhs_number,surname,forename,middle_name,date_of_birth,sex,address_line1,town,postcode,phone,date_of_death\n${rows.join('\n')}\n`;
    // The same forty people in two sources, without NHS numbers: only probabilistic linkage joins them.
    const people = Array.from({ length: 40 }, (_, i) => [`Surname${i}`, ['Ann', 'Bill', 'Cath', 'Dev'][i % 4] ?? 'Ann', `19${40 + i}-0${1 + (i % 9)}-1${i % 9}`, i % 2 === 0 ? 'F' : 'M', `${i} High Street`, `TQ1 ${i % 9}AB`] as const);
    writeFileSync(path.join(dir, 'community.csv'), records(people.map(([s, f, b, x, a, p], i) => `C${i},,${s},${f},,${b},${x},${a},Torquay,${p},,`)));
    writeFileSync(path.join(dir, 'hospital.csv'), records(people.map(([s, f, b, x, a, p], i) => `H${i},,${i % 5 === 0 ? `${s}e` : s},${f},,${b},${x},${a},Torquay,${p},,`)));
    for (const [file, source] of [['community.csv', 'community'], ['hospital.csv', 'hospital']] as const) {
      const imported = await run(['import', path.join(dir, file), '--source', source, '--kind', 'hospital-patients', '--data-dir', data]);
      expect(imported.code, imported.stderr).toBe(0);
    }
    const linked = await run(['link', '--data-dir', data]);
    expect(linked.code, linked.stderr).toBe(0);
    // Forty records with nothing but names, dates and addresses, in two sources: too few to be sure of
    // at this index's thresholds, so most pairs are merged or, more likely, queued for a person to review.
    const summary = /person index re-linked with docs\/linkage\/person-index\.json: 80 identities, [\d,]+ pairs compared; (\d+) people merged into others, (\d+) pairs queued for review/.exec(linked.stderr);
    expect(summary, linked.stderr).not.toBeNull();
    expect(Number(summary?.[1]) + Number(summary?.[2])).toBeGreaterThanOrEqual(30);
    const refused = await run(['link', '--data-dir', data, '--out', path.join(dir, 'pairs.csv')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--out is for linking files');
  });

  it('says what is wrong with bad input, and where, with exit code 2', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'pairs.csv');
    const badJson = path.join(dir, 'broken.json');
    writeFileSync(badJson, '{"id": "rec_id",');
    const badSettings = path.join(dir, 'bad.json');
    writeFileSync(badSettings, JSON.stringify({ id: 'rec_id', fields: [{ column: 'surname', comparison: 'fuzzy' }], blocking: [['surname']] }));
    const badColumn = path.join(dir, 'column.json');
    writeFileSync(badColumn, JSON.stringify({ id: 'rec_id', fields: [{ column: 'surnme', comparison: 'name' }], blocking: [['surname']] }));
    const a = path.join(febrl, 'dataset1.csv');
    const cases: [string[], RegExp][] = [
      [['--dedupe', path.join(dir, 'missing.csv'), '--settings', settings, '--out', out], /Cannot read .+missing\.csv: no such file/],
      [['--dedupe', a, '--settings', badJson, '--out', out], /broken\.json is not valid JSON/],
      [['--dedupe', a, '--settings', badSettings, '--out', out], /\$\.fields\[0\]\.comparison: must be one of name/],
      [['--dedupe', a, '--settings', badColumn, '--out', out], /\$\.fields\[0\]\.column: column "surnme" is not in .+dataset1\.csv/],
      [['--dedupe', a, '--settings', settings], /--out <file> is required/],
      [['--left', a, '--settings', settings, '--out', out], /give --left <file> and --right <file>/],
      [['--dedupe', a, '--settings', settings, '--out', out, '--threshold', 'high'], /--threshold must be a match probability/],
      [['--dedupe', a, '--settings', settings, '--out', path.join(dir, 'no-such-folder', 'pairs.csv')], /pairs\.csv cannot be written \(ENOENT\)/],
    ];
    for (const [args, message] of cases) {
      const result = await run(['link', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
    }
    expect(existsSync(out)).toBe(false);
  });
});
