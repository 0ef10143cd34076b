/** The platform: configuration, the store, migrations, backup, errors, logging and the HTTP app. */
import { fileURLToPath } from 'node:url';
import type { Capability } from './capability.js';

/** The platform's own tables (installation record, migration ledger) live in schema `platform`. */
export const platformCapability: Capability = {
  name: 'platform',
  schema: 'platform',
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
};

export type { Capability } from './capability.js';
export { type Config, type ConfigFlags, ConfigError, loadConfig, environmentVariables } from './config.js';
export { AppError, type ErrorLocation, errorCode, isAppError, platformError, platformErrors, type PlatformErrorCode } from './errors.js';
export { appVersion } from './version.js';
export { createLogger, type Logger } from './logger.js';
export { type Db, type Queryable, type QueryOptions, type QueryResult, type TransactionOptions, type Backend } from './db/db.js';
export { embeddedDatabaseExists, openDatabase, type OpenDatabaseOptions } from './db/open.js';
export { type Migration, type AppliedMigration, type MigrationState, loadMigrations, migrate, migrationState, migrationKey } from './db/migrations.js';
export { writeBackup, checkBackup, restoreBackup, type BackupSummary, type ProgressListener } from './db/backup.js';
export { type InstallationReport } from './installation.js';
export { buildApp, type App, type AppDeps, type AuditRecord, type AuditSink, type CapabilityRoutes, type RouteDeps } from './http/app.js';
export { routeTable, type RouteEntry } from './http/route-table.js';
export { gracefulShutdown } from './http/shutdown.js';
export { actorOf, type SignedIn, type SystemCaller } from './http/signed-in.js';
export { everyone, personScopeOf, type PersonScope, type RecordColumns, type RouteAccess } from './http/person-scope.js';
export { IsoDate, Nullable } from './http/schemas.js';
