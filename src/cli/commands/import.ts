import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, migrate, type ConfigFlags, type Db } from '../../platform/index.js';
import { importFile, importKinds, type ImportKind, type ImportSummary } from '../../record/index.js';
import { allMigrations } from '../../joinedup.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { createProgress, formatAmount } from '../progress.js';

export interface ImportFlags extends Pick<ConfigFlags, 'dataDir'> {
  source?: string;
  kind?: string;
}

/** The folders of a synthetic locality and the source system each one's files come from. */
const localityFolders: Readonly<Record<string, string>> = { gp: 'gp', hospital: 'hospital', community: 'community', council: 'council' };
const importable = /\.(csv|ndjson|jsonl|json)$/i;
const notRecords = new Set(['manifest.json', 'calibration.json']);

/** The files to import, with their source: a file, a folder of one source, or a synthetic locality. */
export async function filesToImport(target: string, source: string | undefined): Promise<{ file: string; source: string }[]> {
  const info = await stat(target);
  if (info.isFile()) {
    if (!source) throw new Error('--source is required when importing a file (see `joinedup import --help`)');
    return [{ file: target, source }];
  }
  const files: { file: string; source: string }[] = [];
  const walk = async (dir: string, from: string | undefined): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full, source ?? from ?? localityFolders[entry.name]);
      } else if (importable.test(entry.name) && !notRecords.has(entry.name) && from !== undefined) {
        files.push({ file: full, source: from });
      }
    }
  };
  await walk(target, source);
  if (files.length === 0) throw new Error(`${target} holds no file to import${source ? '' : ' (name a --source, or give the folder of a synthetic locality)'}`);
  // People before what happened to them: fewer identities known only by their id, to fill in later.
  const rank = (f: string): number => (/(patients|people)\.csv$/.test(f) ? 0 : 1);
  return files.sort((a, b) => rank(a.file) - rank(b.file));
}

/** Imports each file, printing progress and a summary line; true when every file imported. */
export async function importAll(db: Db, files: readonly { file: string; source: string }[], kind?: ImportKind): Promise<{ ok: boolean; summaries: ImportSummary[] }> {
  const summaries: ImportSummary[] = [];
  for (const { file, source } of files) {
    const name = path.basename(file);
    const progress = createProgress(`import ${name}`, 'bytes');
    const started = performance.now();
    const summary = await importFile(db, { sourceId: source, file, ...(kind ? { kind } : {}), onProgress: (done, total) => { progress.update(done, total, ''); } });
    const seconds = (performance.now() - started) / 1000;
    const c = summary.counts;
    progress.finish(
      summary.status === 'done'
        ? `${formatAmount(c.read, 'rows')} read into ${source} in ${seconds.toFixed(1)} s (${Math.round(c.read / Math.max(seconds, 0.001)).toLocaleString('en-GB')}/s): ` +
            `${c.stored} new, ${c.versioned} changed, ${c.unchanged} unchanged, ${c.rejected} rejected, ${c.issues} data-quality issue(s) (import ${summary.id})`
        : `FAILED: ${summary.error ?? 'see the data-quality report'} (import ${summary.id}; GET /api/imports/${summary.id})`,
    );
    summaries.push(summary);
  }
  return { ok: summaries.every((s) => s.status === 'done'), summaries };
}

/** `joinedup import <file|dir> --source <id>`. */
export async function importCommand(target: string, flags: ImportFlags): Promise<ExitCode> {
  if (flags.kind !== undefined && !(importKinds as readonly string[]).includes(flags.kind)) {
    process.stderr.write(`joinedup import: --kind must be one of ${importKinds.join(', ')}, not "${flags.kind}"\n`);
    return exitCodes.usage;
  }
  let files: { file: string; source: string }[];
  try {
    files = await filesToImport(path.resolve(target), flags.source);
  } catch (error) {
    process.stderr.write(`joinedup import: ${(error as Error).message}\n`);
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const { ok } = await importAll(db, files, flags.kind as ImportKind | undefined);
    return ok ? exitCodes.ok : exitCodes.importRejected;
  });
}
