import { addTeamMembers, appendAudit, createAccount, createOrganisation, createTeam, organisationKinds, resetTwoStep, roles } from '../../access/index.js';
import { allMigrations } from '../../joinedup.js';
import { type ConfigFlags, isAppError, loadConfig, migrate, type Queryable } from '../../platform/index.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';

/** Reads a password or secret: one line from standard input, not echoed when it is a terminal. */
export async function readPassword(prompt = 'Password (not shown; at least 12 characters): '): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let typed = '';
    const onData = (key: string): void => {
      for (const c of key) {
        if (c === '\r' || c === '\n' || c === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (c === '\u0003') process.exit(exitCodes.interrupted);
        typed = c === '\u007f' ? typed.slice(0, -1) : typed + c;
      }
    };
    stdin.on('data', onData);
  });
}

/** A refused account or organisation: each problem on its own line, exit 2. */
function refused(error: unknown): ExitCode {
  if (!isAppError(error) || !['account_invalid', 'account_exists', 'organisation_invalid', 'account_not_found', 'team_invalid'].includes(error.code)) throw error;
  process.stderr.write(`joinedup: ${error.message}\n`);
  for (const e of error.errors) process.stderr.write(`  --${e.path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${e.message}\n`);
  return exitCodes.usage;
}

/**
 * `joinedup account create --username U --name N --role R [--organisation O] [--nhs-number N] [--without-password]`,
 * the password from standard input. The person's own account (role person) names them by NHS number.
 */
export async function accountCreateCommand(
  flags: Pick<ConfigFlags, 'dataDir'> & { username?: string; name?: string; role?: string; organisation?: string; nhsNumber?: string; withoutPassword?: boolean },
): Promise<ExitCode> {
  const missing = (['username', 'name', 'role'] as const).filter((f) => flags[f] === undefined);
  if (missing.length > 0) {
    process.stderr.write(`joinedup: account create needs ${missing.map((m) => `--${m}`).join(', ')} (roles: ${roles.join(', ')})\n`);
    return exitCodes.usage;
  }
  const password = flags.withoutPassword === true ? null : await readPassword();
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    try {
      const identityId = flags.nhsNumber === undefined ? null : await identityOf(db, flags.nhsNumber);
      if (identityId === undefined) {
        process.stderr.write(`joinedup: no one with NHS number ${flags.nhsNumber ?? ''} is held in the person index\n  --nhs-number: import their records first\n`);
        return exitCodes.usage;
      }
      const id = await createAccount(db, { username: flags.username ?? '', displayName: flags.name ?? '', role: flags.role ?? '', organisationId: flags.organisation ?? null, password, identityId });
      process.stdout.write(`account ${id} created: ${flags.username ?? ''} can sign in now${password === null ? ' through an identity provider (it has no password)' : ''}\n`);
      return exitCodes.ok;
    } catch (error) {
      return refused(error);
    }
  });
}

/** The first identity of the person with this NHS number, or undefined when there is none. */
async function identityOf(db: Queryable, nhsNumber: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT min(id) AS id FROM people.identity WHERE person_id = (SELECT person_id FROM people.identity WHERE nhs_number = $1 ORDER BY id LIMIT 1) HAVING count(*) > 0',
    [nhsNumber.replace(/\s/g, '')],
  );
  return rows[0]?.id;
}

/** `joinedup organisation create --id I --name N --kind K [--ods-code C] [--sources S,T]`. */
export async function organisationCreateCommand(flags: Pick<ConfigFlags, 'dataDir'> & { id?: string; name?: string; kind?: string; odsCode?: string; sources?: string }): Promise<ExitCode> {
  const missing = (['id', 'name', 'kind'] as const).filter((f) => flags[f] === undefined);
  if (missing.length > 0) {
    process.stderr.write(`joinedup: organisation create needs ${missing.map((m) => `--${m}`).join(', ')} (kinds: ${organisationKinds.join(', ')})\n`);
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    try {
      const sources = (flags.sources ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
      await createOrganisation(db, { id: flags.id ?? '', name: flags.name ?? '', kind: flags.kind ?? '', odsCode: flags.odsCode ?? null, sources });
      process.stdout.write(`organisation ${flags.id ?? ''} created\n`);
      return exitCodes.ok;
    } catch (error) {
      return refused(error);
    }
  });
}

/** `joinedup account reset-two-step --username U`: turns two-step verification off (a lost phone); they set it up again after signing in. */
export async function accountResetTwoStepCommand(flags: Pick<ConfigFlags, 'dataDir'> & { username?: string }): Promise<ExitCode> {
  if (flags.username === undefined) {
    process.stderr.write('joinedup: account reset-two-step needs --username\n');
    return exitCodes.usage;
  }
  const username = flags.username;
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    try {
      const { accountId, wasOn } = await resetTwoStep(db, username);
      await appendAudit(db, [{
        at: new Date(), actor: 'command line', action: 'two-step-reset', resourceType: 'Account', resourceId: String(accountId), outcome: 200,
        reason: wasOn ? 'two-step verification reset by an administrator' : 'reset asked for, but two-step verification was not on', requestId: null, detail: username,
      }]);
      process.stdout.write(wasOn
        ? `two-step verification is off for ${username}: they sign in with their password, and can set it up again on their Account page\n`
        : `two-step verification was not on for ${username}; nothing changed\n`);
      return exitCodes.ok;
    } catch (error) {
      return refused(error);
    }
  });
}

/** `joinedup team create --id I --name N --organisation O`. */
export async function teamCreateCommand(flags: Pick<ConfigFlags, 'dataDir'> & { id?: string; name?: string; organisation?: string }): Promise<ExitCode> {
  const missing = (['id', 'name', 'organisation'] as const).filter((f) => flags[f] === undefined);
  if (missing.length > 0) {
    process.stderr.write(`joinedup: team create needs ${missing.map((m) => `--${m}`).join(', ')}\n`);
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    try {
      await createTeam(db, { id: flags.id ?? '', name: flags.name ?? '', organisationId: flags.organisation ?? '' });
      process.stdout.write(`team ${flags.id ?? ''} created\n`);
      return exitCodes.ok;
    } catch (error) {
      return refused(error);
    }
  });
}

/** `joinedup team add --team T --usernames U,V`. */
export async function teamAddCommand(flags: Pick<ConfigFlags, 'dataDir'> & { team?: string; usernames?: string }): Promise<ExitCode> {
  const usernames = (flags.usernames ?? '').split(',').map((u) => u.trim().toLowerCase()).filter((u) => u !== '');
  if (flags.team === undefined || usernames.length === 0) {
    process.stderr.write('joinedup: team add needs --team and --usernames (comma-separated)\n');
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    try {
      const added = await addTeamMembers(db, flags.team ?? '', usernames);
      process.stdout.write(`${added} added to team ${flags.team ?? ''}\n`);
      return exitCodes.ok;
    } catch (error) {
      return refused(error);
    }
  });
}
