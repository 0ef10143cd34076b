/**
 * The composition root: every capability is listed here once, in dependency order, with its
 * schema and migrations, and mounted with its routes. `openJoinedUp` and `close` are the paired
 * start and stop that the CLI, tests and benchmarks all use.
 */
import {
  type App,
  type AuditSink,
  type Capability,
  type CapabilityRoutes,
  type Config,
  type Db,
  type Logger,
  type Migration,
  buildApp,
  loadMigrations,
  migrate,
  openDatabase,
  platformCapability,
} from './platform/index.js';
import { peopleCapability } from './people/index.js';
import { recordCapability, recordRoutes } from './record/index.js';
import { accessCapability, accessRoutes, accessPolicy, addToCareTeam } from './access/index.js';
import { riskCapability, riskRoutes } from './risk/index.js';
import { financeCapability, financeRoutes } from './finance/index.js';
import { fhirRoutes } from './fhir/index.js';

/** Every capability of this version, in the order their migrations apply. */
export const capabilities: readonly Capability[] = [platformCapability, peopleCapability, recordCapability, accessCapability, riskCapability, financeCapability];

/** The migrations of every capability, read once. */
export function allMigrations(): Migration[] {
  return loadMigrations(capabilities);
}

/** Every schema that holds this installation's data. */
export function allSchemas(): string[] {
  return capabilities.map((c) => c.schema);
}

export interface JoinedUp {
  app: App;
  db: Db;
  /** Stops the app (if it was built) and closes the database. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Use this database instead of opening the configured one (tests); it is closed with the app. */
  db?: Db;
  onMigration?: (migration: Migration, index: number, total: number) => void;
}

/** Opens the configured database, brings its schema up to date, and builds the app. */
export async function openJoinedUp(config: Config, logger: Logger, options: OpenOptions = {}): Promise<JoinedUp> {
  const startedAt = new Date();
  const db =
    options.db ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      onIdleError: (error) => { logger.warn({ code: 'database_connection_lost', type: error.name }, 'idle database connection failed'); },
    }));
  try {
    const migrations = allMigrations();
    const applied = await migrate(db, migrations, options.onMigration ? { onApplied: options.onMigration } : {});
    if (applied.length > 0) logger.info({ applied: applied.length }, 'migrations applied');
    // One policy and one audit queue for every route.
    const policy = accessPolicy(db, {
      onError: (error, lost) => { logger.error({ code: 'audit_write_failed', type: (error as Error).name, queued: lost }, 'audit entries not yet written'); },
    });
    const audit: AuditSink = ({ actor, ...rest }) => { policy.audit({ principal: { sourceId: actor }, ...rest }); };
    const routes: CapabilityRoutes[] = [
      // First: its hook says who is signed in for every route after it.
      accessRoutes,
      recordRoutes,
      riskRoutes({
        assignCoordinator: async (tx, personId, by, coordinator, reason) => {
          await addToCareTeam(tx, personId, by, { username: coordinator, reason });
        },
      }),
      financeRoutes,
      fhirRoutes({ policy: () => policy }),
    ];
    const app = await buildApp(config, { db, logger, capabilities, migrations, routes, startedAt, audit });
    return {
      app,
      db,
      close: async () => {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
