import {
  OAuthError, appendAudit, createClient, disableClient, findClient, formatScopes, listClients, narrowScopes, tokenService,
} from '../../access/index.js';
import { allMigrations } from '../../joinedup.js';
import { type ConfigFlags, isAppError, loadConfig, migrate } from '../../platform/index.js';
import { withDatabase } from '../database.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';

type DataDir = Pick<ConfigFlags, 'dataDir'>;

export interface ClientCreateFlags extends DataDir {
  name?: string;
  scopes?: string;
  app?: boolean;
  public?: boolean;
  redirectUri?: string[];
}

const optionOf: Readonly<Record<string, string>> = { name: '--name', kind: '--app', scopes: '--scopes', redirectUri: '--redirect-uri', public: '--public' };

/** `joinedup client create --name N --scopes S [--app [--public] --redirect-uri URL…]`: prints the client id and, once, its secret. */
export async function clientCreateCommand(flags: ClientCreateFlags): Promise<ExitCode> {
  const missing = (['name', 'scopes'] as const).filter((f) => flags[f] === undefined);
  if (missing.length > 0) {
    process.stderr.write(`joinedup: client create needs ${missing.map((m) => `--${m}`).join(', ')}, e.g. --name "Bayside Hospital PAS" --scopes "system/*.rs"\n`);
    return exitCodes.usage;
  }
  if (flags.public === true && flags.app !== true) {
    process.stderr.write('joinedup: --public is for an app (--app): a system always has a secret\n');
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    try {
      const { client, secret } = await createClient(db, {
        name: flags.name ?? '', kind: flags.app === true ? 'app' : 'system', scopes: flags.scopes ?? '', redirectUris: flags.redirectUri ?? [], public: flags.public === true,
      });
      process.stdout.write(`${client.kind} ${client.name} registered with scopes ${formatScopes(client.scopes)}\n`);
      process.stdout.write(`client_id:     ${client.id}\n`);
      if (secret !== undefined) {
        process.stdout.write(`client_secret: ${secret}\n`);
        process.stderr.write('Keep the secret somewhere safe now: it is not stored, and cannot be shown again.\n');
      } else {
        process.stdout.write('(a public app: no secret; it proves itself with PKCE)\n');
      }
      return exitCodes.ok;
    } catch (error) {
      if (!isAppError(error) || error.code !== 'client_invalid') throw error;
      process.stderr.write(`joinedup: ${error.message}\n`);
      for (const e of error.errors) process.stderr.write(`  ${optionOf[e.path] ?? `--${e.path}`}: ${e.message}\n`);
      return exitCodes.usage;
    }
  });
}

/** `joinedup client list`: every registered client, with its kind, scopes and whether it is disabled. */
export async function clientListCommand(flags: DataDir): Promise<ExitCode> {
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const clients = await listClients(db);
    if (clients.length === 0) {
      process.stdout.write('No clients yet: register one with joinedup client create.\n');
      return exitCodes.ok;
    }
    const rows = clients.map((c) => [
      c.id, c.name, c.kind === 'app' ? (c.confidential ? 'app' : 'public app') : 'system', c.disabledAt === null ? 'enabled' : `disabled ${c.disabledAt.toISOString().slice(0, 10)}`, formatScopes(c.scopes),
    ]);
    const header = ['CLIENT ID', 'NAME', 'KIND', 'STATUS', 'SCOPES'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    for (const r of [header, ...rows]) process.stdout.write(`${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}\n`);
    return exitCodes.ok;
  });
}

/** `joinedup client disable --client ID`: no more tokens for it, and its tokens stop working within 30 seconds. */
export async function clientDisableCommand(flags: DataDir & { client?: string }): Promise<ExitCode> {
  if (flags.client === undefined || flags.client.trim() === '') {
    process.stderr.write('joinedup: client disable needs --client <client id> (joinedup client list shows them)\n');
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const found = await findClient(db, flags.client ?? '');
    if (!found) return unknownClient(flags.client ?? '');
    const client = await disableClient(db, found.id);
    process.stdout.write(`client ${client.id} disabled: it gets no more tokens, and the ones it has stop working within 30 seconds\n`);
    return exitCodes.ok;
  });
}

function unknownClient(idOrName: string): ExitCode {
  process.stderr.write(`joinedup: --client: there is no client "${idOrName}" (joinedup client list shows them)\n`);
  return exitCodes.usage;
}

/**
 * `joinedup token --client C [--scopes S]`: prints an access token for a system, for scripts and
 * integrations (the command has the database, so it signs the token itself, as POST /oauth/token would).
 */
export async function tokenCommand(flags: DataDir & { client?: string; scopes?: string }): Promise<ExitCode> {
  if (flags.client === undefined || flags.client.trim() === '') {
    process.stderr.write('joinedup: token needs --client <client id or name> (joinedup client list shows them)\n');
    return exitCodes.usage;
  }
  return withDatabase(loadConfig(flags), async (db) => {
    await migrate(db, allMigrations());
    const client = await findClient(db, flags.client ?? '');
    if (!client) return unknownClient(flags.client ?? '');
    if (client.disabledAt !== null) {
      process.stderr.write(`joinedup: --client: ${client.id} is disabled\n`);
      return exitCodes.usage;
    }
    if (client.kind !== 'system') {
      process.stderr.write(`joinedup: --client: ${client.id} is an app; it gets tokens for a person through the authorization code flow (docs/access/oauth.md)\n`);
      return exitCodes.usage;
    }
    let scopes: string[];
    try {
      scopes = narrowScopes(flags.scopes, client.scopes);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      process.stderr.write(`joinedup: --scopes: ${error.description}\n`);
      return exitCodes.usage;
    }
    const issued = await tokenService(db).issue({ clientId: client.id, scopes });
    await appendAudit(db, [{
      at: new Date(), actor: client.id, action: 'token-issued', resourceType: 'Client', resourceId: client.id, outcome: 200,
      reason: `client_credentials: ${issued.scope}`, requestId: null, detail: 'from the command line',
    }]);
    process.stdout.write(`${issued.accessToken}\n`);
    process.stderr.write(`Access token for ${client.name} (${issued.scope}), valid for ${issued.expiresIn / 60} minutes.\n`);
    return exitCodes.ok;
  });
}
