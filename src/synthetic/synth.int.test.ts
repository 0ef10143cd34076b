// `joinedup synth` as a person runs it: the built CLI in a child process, checked against its own
// output files (formats, truth, determinism) and against the calibration targets of DOMAIN.md §11.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../test/support/csv.js';
import { isValidNhsNumber } from '../people/index.js';
import type { CalibrationReport } from './calibration.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'dist/src/cli/main.js');
if (!existsSync(cli)) throw new Error('Build first (npm run build): the synth tests run the built command');
const work = mkdtempSync(path.join(tmpdir(), 'joinedup-synth-'));

async function synth(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'synth', ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const readCsv = (file: string): string[][] => parseCsv(readFileSync(file, 'utf8'));

const manifest = (dir: string): { files: { path: string; sha256: string; rows: number }[] } => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as never;

describe('joinedup synth', () => {
  it('gives byte-identical output for the same seed, whatever the number of threads, and different output for another seed', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => path.join(work, n));
    expect((await synth('--people', '2500', '--seed', '11', '--out', a ?? '', '--workers', '2')).code).toBe(0);
    expect((await synth('--people', '2500', '--seed', '11', '--out', b ?? '', '--workers', '0')).code).toBe(0);
    expect((await synth('--people', '2500', '--seed', '12', '--out', c ?? '', '--workers', '2')).code).toBe(0);
    expect(manifest(b ?? '')).toEqual(manifest(a ?? ''));
    expect(manifest(c ?? '').files.find((f) => f.path === 'truth/people.csv')?.sha256).not.toBe(manifest(a ?? '').files.find((f) => f.path === 'truth/people.csv')?.sha256);
  }, 120_000);

  it('writes every documented file, rows that fit their headers, and a truth that accounts for every source record', async () => {
    const dir = path.join(work, 'a');
    const files = manifest(dir).files.map((f) => f.path);
    for (const doc of ['gp/bundles.ndjson', 'hospital/spells.csv', 'community/contacts.csv', 'council/cld.csv', 'truth/risk.csv', 'truth/source-records.csv', 'place/organisations.csv', 'calibration.json']) expect(files).toContain(doc);
    for (const file of files.filter((f) => f.endsWith('.csv'))) {
      const rows = readCsv(path.join(dir, file));
      const width = rows[0]?.length ?? 0;
      expect(rows.every((r) => r.length === width), file).toBe(true);
      expect(rows.length - 1, file).toBe(manifest(dir).files.find((f) => f.path === file)?.rows);
    }
    const people = readCsv(path.join(dir, 'truth/people.csv'));
    expect(people.length - 1).toBe(2500);
    const nhs = (people[0] ?? []).indexOf('nhs_number');
    expect(people.slice(1).every((p) => isValidNhsNumber(p[nhs] ?? '') && (p[nhs] ?? '').startsWith('999'))).toBe(true);
    const truth = new Set(readCsv(path.join(dir, 'truth/source-records.csv')).slice(1).map((r) => `${r[0] ?? ''}/${r[1] ?? ''}`));
    for (const [source, file] of [['hospital', 'hospital/patients.csv'], ['community', 'community/patients.csv'], ['council', 'council/people.csv']] as const) {
      const ids = readCsv(path.join(dir, file)).slice(1).map((r) => r[0] ?? '');
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => truth.has(`${source}/${id}`)), source).toBe(true);
    }
    const spells = readCsv(path.join(dir, 'hospital/spells.csv'));
    const patients = new Set(readCsv(path.join(dir, 'hospital/patients.csv')).slice(1).map((r) => r[0]));
    expect(spells.slice(1).every((s) => patients.has(s[1]))).toBe(true);
    const bundles = readFileSync(path.join(dir, 'gp/bundles.ndjson'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { resourceType: string; type: string; entry: { resource: { resourceType: string } }[] });
    expect(bundles.length).toBeGreaterThanOrEqual(2500);
    expect(bundles.every((b) => b.resourceType === 'Bundle' && b.type === 'transaction' && b.entry[0]?.resource.resourceType === 'Patient')).toBe(true);
  });

  it('refuses bad input with a clear message and a non-zero exit, leaving nothing behind', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--people', '500', '--out', path.join(work, 'x')], 2, /--people must be from 1,000 to 2,000,000, not 500/],
      [['--people', '2000001', '--out', path.join(work, 'x')], 2, /--people must be from 1,000 to 2,000,000/],
      [['--people', '1000', '--seed', 'abc', '--out', path.join(work, 'x')], 2, /--seed must be a whole number, not "abc"/],
      [['--people', '1000'], 2, /--out is required/],
    ];
    for (const [args, code, message] of cases) {
      const result = await synth(...args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr).toMatch(message);
    }
    const full = path.join(work, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'keep.txt'), 'mine');
    const notEmpty = await synth('--people', '1000', '--out', full);
    expect(notEmpty.code).toBe(6);
    expect(notEmpty.stderr).toMatch(/is not empty; choose another folder or pass --force/);
    expect(readdirSync(full)).toEqual(['keep.txt']);
    const blocked = path.join(work, 'a-file');
    writeFileSync(blocked, 'not a folder');
    const unwritable = await synth('--people', '1000', '--out', path.join(blocked, 'out'));
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/Cannot write to/);
    expect(readdirSync(work).filter((f) => f.includes('partial'))).toEqual([]);
    expect(existsSync(path.join(work, 'x'))).toBe(false);
  }, 60_000);

  it('stops cleanly on Ctrl-C, removing what it had written', async () => {
    const out = path.join(work, 'interrupted');
    const child = spawn(process.execPath, [cli, 'synth', '--people', '400000', '--out', out, '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/synth: +\d+%/.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.once('close', resolve);
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/Stopped before the end; nothing was left in/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((f) => f.includes('partial'))).toEqual([]);
  }, 60_000);

  it('replaces a non-empty folder only with --force', async () => {
    const full = path.join(work, 'full');
    const result = await synth('--people', '1000', '--out', full, '--force', '--workers', '1');
    expect(result.code).toBe(0);
    expect(readdirSync(full)).not.toContain('keep.txt');
    expect(readdirSync(full)).toContain('manifest.json');
  }, 60_000);

  it('makes a place of 50,000 people that meets every calibration target of DOMAIN.md §11, with a latent risk that means what it says', async () => {
    const out = path.join(work, 'calibration');
    const result = await synth('--people', '50000', '--seed', '2023', '--out', out, '--workers', '2');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'calibration.json'), 'utf8')) as CalibrationReport;
    expect(report.people).toBe(50_000);
    const misses = report.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.value} not in [${c.accept.join(', ')}]`);
    expect(misses).toEqual([]);
    expect(report.riskDeciles).toHaveLength(10);
    // Observed admission rate in each decile of true risk within 3.5 standard errors of the mean true probability.
    for (const d of report.riskDeciles) expect(Math.abs(d.z), `decile ${d.decile}`).toBeLessThan(3.5);
    expect(report.oracleAuroc).toBeGreaterThan(0.7);
  }, 300_000);
});
