import { loadConfig, migrate, migrationKey, migrationState, type ConfigFlags } from '../../platform/index.js';
import { withDatabase } from '../database.js';
import { allMigrations } from '../../joinedup.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { createProgress } from '../progress.js';

/** Applies pending migrations (or, with --check, only reports them). */
export async function migrateCommand(flags: Pick<ConfigFlags, 'dataDir'> & { check?: boolean | undefined }): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    const migrations = allMigrations();
    if (flags.check === true) {
      const state = await migrationState(db, migrations);
      if (state.problem) throw state.problem;
      for (const m of state.pending) process.stdout.write(`pending  ${migrationKey(m)}  ${m.name}\n`);
      process.stdout.write(`${state.applied.length} applied, ${state.pending.length} pending (${db.location})\n`);
      return state.pending.length > 0 ? exitCodes.migrations : exitCodes.ok;
    }
    const progress = createProgress('migrate', 'migrations');
    const applied = await migrate(db, migrations, { onApplied: (m, i, n) => { progress.update(i, n, `${migrationKey(m)} ${m.name}`); } });
    progress.finish(applied.length === 0 ? `already up to date (${db.location})` : `applied ${applied.length} migration(s) to ${db.location}`);
    return exitCodes.ok;
  });
}
