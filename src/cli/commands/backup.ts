import { userInfo } from 'node:os';
import path from 'node:path';
import { appendAudit } from '../../access/index.js';
import { appVersion, checkBackup, loadConfig, restoreBackup, writeBackup, type ConfigFlags } from '../../platform/index.js';
import { withDatabase } from '../database.js';
import { allMigrations, allSchemas } from '../../joinedup.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { createProgress, formatAmount } from '../progress.js';

/** Writes a backup of the configured database to `file`. */
export async function backupCommand(file: string, flags: Pick<ConfigFlags, 'dataDir'>): Promise<ExitCode> {
  const target = path.resolve(file);
  return withDatabase(
    loadConfig(flags),
    async (db) => {
      const progress = createProgress('backup', 'rows');
      const summary = await writeBackup(db, { file: target, schemas: allSchemas(), appVersion, onProgress: progress.update });
      progress.finish(`${formatAmount(summary.rows, 'rows')} from ${summary.tables} tables written to ${target} (${formatAmount(summary.bytes, 'bytes')})`);
      // The whole installation left the database: the audit trail says who took it, and where.
      await appendAudit(db, [{
        at: new Date(), actor: `${userInfo().username} (command line)`, action: 'export', resourceType: null, resourceId: null, outcome: 200,
        reason: 'backup of the whole installation', requestId: null, detail: `${summary.rows} rows to ${target}`,
      }]);
      return exitCodes.ok;
    },
    { mustExist: true },
  );
}

/** Checks a backup file completely, then restores it into the configured database. */
export async function restoreCommand(file: string, flags: Pick<ConfigFlags, 'dataDir'> & { replace?: boolean | undefined }): Promise<ExitCode> {
  const config = loadConfig(flags);
  const source = path.resolve(file);
  const checking = createProgress('check', 'bytes');
  const contents = await checkBackup(source, checking.update);
  checking.finish(`${source} is a complete backup from Joined Up ${contents.header.appVersion} (${formatAmount(contents.rows, 'rows')}, ${contents.tables} tables)`);
  return withDatabase(config, async (db) => {
    const progress = createProgress('restore', 'rows');
    const result = await restoreBackup(db, {
      file: source,
      migrations: allMigrations(),
      schemas: allSchemas(),
      replace: flags.replace === true,
      contents,
      onProgress: progress.update,
    });
    progress.finish(
      `${formatAmount(result.rows, 'rows')} restored into ${db.location}${result.migrated > 0 ? `; ${result.migrated} newer migration(s) applied` : ''}`,
    );
    return exitCodes.ok;
  });
}
