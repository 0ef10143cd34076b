import { addIdentityProvider, listIdentityProviders, providerDefaults, setIdentityProviderEnabled } from '../../access/index.js';
import { allMigrations } from '../../joinedup.js';
import { type ConfigFlags, isAppError, loadConfig, migrate } from '../../platform/index.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { readPassword } from './account.js';

export interface IdentityProviderAddFlags extends Pick<ConfigFlags, 'dataDir'> {
  id?: string;
  name?: string;
  issuer?: string;
  clientId?: string;
  scopes?: string;
  claim?: string;
}

/** A refused provider: each problem on its own line with its option, exit 2. */
function refused(error: unknown): ExitCode {
  if (!isAppError(error) || !['identity_provider_invalid', 'identity_provider_exists', 'identity_provider_not_found'].includes(error.code)) throw error;
  process.stderr.write(`joinedup: ${error.message}\n`);
  for (const e of error.errors) process.stderr.write(`  --${e.path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${e.message}\n`);
  return exitCodes.usage;
}

/** `joinedup identity-provider add --id I --name N --issuer URL --client-id C [--scopes S] [--claim C]`, the client secret from standard input. */
export async function identityProviderAddCommand(flags: IdentityProviderAddFlags): Promise<ExitCode> {
  const missing = (['id', 'name', 'issuer', 'clientId'] as const).filter((f) => flags[f] === undefined);
  if (missing.length > 0) {
    process.stderr.write(`joinedup: identity-provider add needs ${missing.map((m) => `--${m.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}\n`);
    return exitCodes.usage;
  }
  const clientSecret = (await readPassword('Client secret (not shown; press Enter for none): ')).trim();
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    try {
      await addIdentityProvider(db, {
        id: flags.id ?? '', name: flags.name ?? '', issuer: flags.issuer ?? '', clientId: flags.clientId ?? '', clientSecret: clientSecret === '' ? null : clientSecret,
        scopes: flags.scopes ?? providerDefaults.scopes, usernameClaim: flags.claim ?? providerDefaults.usernameClaim,
      });
      process.stdout.write(`identity provider ${flags.id ?? ''} added: the sign-in page offers "Sign in with ${flags.name ?? ''}"; register /api/sign-in/${flags.id ?? ''}/callback on this site's address as the redirect URI at the provider\n`);
      return exitCodes.ok;
    } catch (error) {
      return refused(error);
    }
  });
}

/** `joinedup identity-provider list`: one line each, tab-separated, without secrets. */
export async function identityProviderListCommand(flags: Pick<ConfigFlags, 'dataDir'>): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const providers = await listIdentityProviders(db);
    if (providers.length === 0) process.stderr.write('no identity providers: add one with joinedup identity-provider add\n');
    for (const p of providers) process.stdout.write(`${[p.id, p.name, p.issuer, p.clientId, p.scopes, p.usernameClaim, p.enabled ? 'enabled' : 'disabled'].join('\t')}\n`);
    return exitCodes.ok;
  });
}

/** `joinedup identity-provider enable|disable --id I`. */
export async function identityProviderEnableCommand(flags: Pick<ConfigFlags, 'dataDir'> & { id?: string }, enabled: boolean): Promise<ExitCode> {
  if (flags.id === undefined) {
    process.stderr.write(`joinedup: identity-provider ${enabled ? 'enable' : 'disable'} needs --id\n`);
    return exitCodes.usage;
  }
  const id = flags.id;
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    try {
      await setIdentityProviderEnabled(db, id, enabled);
      process.stdout.write(`identity provider ${id} ${enabled ? 'enabled' : 'disabled'}\n`);
      return exitCodes.ok;
    } catch (error) {
      return refused(error);
    }
  });
}
