import { createLogger, embeddedDatabaseExists, errorCode, gracefulShutdown, loadConfig, platformError, type ConfigFlags } from '../../platform/index.js';
import { openJoinedUp } from '../../joinedup.js';
import { type ExitCode, exitCodes } from '../exit-codes.js';
import { createProgress } from '../progress.js';

/** Starts the server and resolves with the exit code once it has been stopped by a signal. */
export async function serveCommand(flags: ConfigFlags): Promise<ExitCode> {
  const config = loadConfig(flags);
  const logger = createLogger(config.logLevel);
  if (config.databaseUrl !== undefined) process.stderr.write('Opening the PostgreSQL server…\n');
  else if (await embeddedDatabaseExists(config.dataDir)) process.stderr.write(`Opening the embedded database in ${config.dataDir}…\n`);
  else process.stderr.write(`Creating the embedded database in ${config.dataDir} (first start: a few seconds)…\n`);
  const migrations = createProgress('migrate', 'migrations');
  const joinedUp = await openJoinedUp(config, logger, {
    onMigration: (m, i, n) => {
      migrations.update(i, n, `${m.capability}/${m.name}`);
      if (i === n) migrations.finish(`${n} migration(s) applied`);
    },
  });
  try {
    await joinedUp.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await joinedUp.close();
    const code = errorCode(error);
    const why = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'needs privileges this user does not have' : `cannot be used (${code ?? String(error)})`;
    throw platformError('port_unavailable', `Port ${config.port} on ${config.host} ${why}.`);
  }
  const address = joinedUp.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  process.stderr.write(`Joined Up is ready at http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}  (API docs at /docs; Ctrl+C stops)\n`);
  const accounts = await joinedUp.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM access.account WHERE disabled_at IS NULL');
  if ((accounts.rows[0]?.n ?? 0) === 0) {
    process.stderr.write('No one can sign in yet: `npx joinedup demo` loads a demonstration place with an account per role, or `npx joinedup account create` makes one.\n');
  }

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => { resolve('SIGTERM'); });
    process.once('SIGINT', () => { resolve('SIGINT'); });
  });
  logger.info({ signal }, 'shutting down');
  const inTime = await gracefulShutdown(joinedUp.app, { timeoutMs: config.shutdownTimeoutMs, afterClose: () => joinedUp.db.close() });
  logger.info({ inTime }, 'stopped');
  return inTime ? exitCodes.ok : exitCodes.unexpected;
}
