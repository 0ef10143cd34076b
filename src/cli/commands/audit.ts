import { verifyAudit } from '../../access/index.js';
import { allMigrations } from '../../joinedup.js';
import { type ConfigFlags, loadConfig, migrate } from '../../platform/index.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { createProgress } from '../progress.js';

/**
 * `joinedup audit verify`: recomputes the audit trail's hash chain and says where it breaks (exit
 * 8), or prints the head (last entry and hash) to keep elsewhere: a trail rewritten from scratch
 * would end with another hash.
 */
export async function auditVerifyCommand(flags: Pick<ConfigFlags, 'dataDir'> & { expect?: string | undefined }): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const progress = createProgress('audit verify', 'entries');
    const result = await verifyAudit(db, { onProgress: (done, total) => { progress.update(done, Math.max(total, done), 'recomputing hashes'); } });
    const expected = flags.expect?.trim().toLowerCase();
    const headLine = `head: entry ${result.head.seq}, hash ${result.head.hash}`;
    const rewritten = expected !== undefined && expected !== result.head.hash;
    if (result.breaks.length > 0 || rewritten) {
      progress.finish(`the audit trail has been tampered with (${result.entries.toLocaleString('en-GB')} entries checked)`);
      for (const b of result.breaks) process.stdout.write(`${b.problem}  entry ${b.seq}  ${b.message}\n`);
      if (rewritten) process.stdout.write(`head  the head hash is not the one expected (${expected}); the trail was rewritten\n`);
      process.stdout.write(`${headLine}\n`);
      return exitCodes.tampered;
    }
    progress.finish(`the audit trail is intact: ${result.entries.toLocaleString('en-GB')} entries, every hash matches`);
    process.stdout.write(`${headLine}\n`);
    return exitCodes.ok;
  });
}
