import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDemoPerson, createDemoStaff, demoPassword, demoStaff, roleNames } from '../../access/index.js';
import { loadConfig, migrate, type ConfigFlags, type Db } from '../../platform/index.js';
import { resolveSynthOptions, synthesise, type SynthOptions } from '../../synthetic/index.js';
import { allMigrations } from '../../joinedup.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { createProgress, formatAmount } from '../progress.js';
import { filesToImport, importAll } from './import.js';
import { describeVersion, readAreas } from './risk.js';
import { loadAreaDeprivation, scorePopulation, trainOnRecord } from '../../risk/index.js';
import { financialYearOn, seedDemoFund } from '../../finance/index.js';

/** `joinedup demo`: generates a synthetic locality, loads it through the importers, and creates a demo account per staff role. */
export async function demoCommand(flags: Pick<ConfigFlags, 'dataDir'> & { people?: string; seed?: string }): Promise<ExitCode> {
  const options = resolveSynthOptions({ people: flags.people ?? '20000', seed: flags.seed ?? '1' });
  const dir = await mkdtemp(path.join(tmpdir(), 'joinedup-demo-'));
  try {
    const out = path.join(dir, 'place');
    const progress = createProgress('demo: generating', 'people');
    const made = await synthesise({ options, out, onProgress: (done, total) => { progress.update(done, total, ''); } });
    progress.finish(`${formatAmount(made.people, 'people')} and ${formatAmount(made.events, 'rows').replace('rows', 'events')} generated`);
    return await withDatabase(loadConfig(flags), async (db) => {
      await migrate(db, allMigrations());
      const { ok } = await importAll(db, await filesToImport(out, undefined));
      await caseFinding(db, out, options);
      await createDemoStaff(db);
      const person = await createDemoPerson(db);
      // The pooled fund of this financial year, its care packages and budgets, over the people the council's
      // system knows and the demo's own person (who then has a personal budget, taken as a direct payment).
      const known = await db.query<{ id: string }>("SELECT DISTINCT person_id AS id FROM people.identity WHERE source_id = 'council' ORDER BY 1");
      const featured = person === undefined ? [] : [person.personId];
      const fund = await seedDemoFund(db, {
        personIds: [...new Set([...known.rows.map((r) => Number(r.id)), ...featured])], featured, financialYear: financialYearOn(new Date().toISOString().slice(0, 10)), by: 'joinedup demo',
      });
      process.stderr.write(`demo: pooled fund ${fund.fundId}: ${fund.schemes} schemes, ${fund.packages.toLocaleString('en-GB')} care packages, ${fund.personalBudgets} personal budgets, ${fund.journals.toLocaleString('en-GB')} journals posted\n`);
      process.stdout.write(`The place is loaded into ${db.location}. Start the server (npm start) and open http://localhost:8080/people to find someone.\n`);
      process.stdout.write(`Sign in as any of these, with the password ${demoPassword} (demonstration only):\n`);
      for (const s of demoStaff) process.stdout.write(`  ${s.username.padEnd(24)}${s.displayName}, ${roleNames[s.role]}\n`);
      if (person) {
        process.stdout.write(`  ${'person'.padEnd(24)}${person.person}, who sees their own record\n`);
        process.stdout.write(`  ${'carer'.padEnd(24)}${person.carer}, whom ${person.person} lets see theirs\n`);
      }
      return ok ? exitCodes.ok : exitCodes.importRejected;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Case-finding for the demo: deprivation by area, a model trained on the locality's second year and
 * validated on its third, and everyone scored at the end of the period (or today), so the
 * Case-finding screen has its lists.
 */
async function caseFinding(db: Db, out: string, options: SynthOptions): Promise<void> {
  const areas = await readAreas(path.join(out, 'place/neighbourhoods.csv'));
  if (typeof areas === 'string') throw new Error(areas);
  await loadAreaDeprivation(db, areas, 'the demo locality');
  const year = (n: number): string => `${String(Number(options.start.slice(0, 4)) + n)}${options.start.slice(4)}`;
  const today = new Date().toISOString().slice(0, 10);
  if (options.years < 2 || year(2) > today) return;
  const progress = createProgress('demo: case-finding', 'people');
  const onProgress = (done: number, stage: string): void => { progress.update(done, done + 1, stage); };
  const model = await trainOnRecord(db, { indexDate: year(1), by: 'joinedup demo', activate: true, today, now: new Date(), onProgress });
  const run = await scorePopulation(db, { indexDate: year(options.years) < today ? year(options.years) : today, onProgress });
  progress.finish(`${describeVersion(model)}; ${formatAmount(run.people, 'people')} scored for the worklists`);
}
