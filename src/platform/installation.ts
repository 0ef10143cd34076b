import { type Static, Type } from '@sinclair/typebox';
import type { Capability } from './capability.js';
import type { Db } from './db/db.js';
import { tableSizes } from './db/introspect.js';
import { type Migration, migrationState } from './db/migrations.js';
import { appVersion } from './version.js';

/** What `GET /api/installation` answers; the report type is derived from it. */
export const InstallationSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  database: Type.Object({
    backend: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    label: Type.String(),
    serverVersion: Type.String(),
    location: Type.String({ description: 'Folder of the embedded database, or host:port/database of the server (never credentials)' }),
  }),
  installation: Type.Union([Type.Object({ id: Type.String(), createdAt: Type.String({ format: 'date-time' }) }), Type.Null()]),
  migrations: Type.Array(
    Type.Object({
      capability: Type.String(),
      version: Type.Integer(),
      name: Type.String(),
      checksum: Type.String(),
      appliedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  pendingMigrations: Type.Integer(),
  capabilities: Type.Array(
    Type.Object({
      name: Type.String(),
      schema: Type.String(),
      rows: Type.Integer(),
      tables: Type.Array(Type.Object({ name: Type.String(), rows: Type.Integer(), estimated: Type.Boolean() })),
    }),
  ),
});

export type InstallationReport = Static<typeof InstallationSchema>;

const backendLabels: Record<Db['backend'], string> = {
  pglite: 'Embedded PostgreSQL (PGlite)',
  postgres: 'PostgreSQL server',
};

/** What this installation is: version, database, applied migrations and the rows each capability holds. */
export async function describeInstallation(
  db: Db,
  capabilities: readonly Capability[],
  migrations: readonly Migration[],
  startedAt: Date,
): Promise<InstallationReport> {
  const [server, state, sizes, installation] = await Promise.all([
    db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`),
    migrationState(db, migrations),
    tableSizes(db, capabilities.map((c) => c.schema)),
    // Before the first migration there is no installation row (nor table) yet.
    db.query<{ id: string; created_at: Date }>('SELECT id, created_at FROM platform.installation LIMIT 1').catch(() => ({ rows: [] })),
  ]);
  return {
    name: 'Joined Up',
    version: appVersion,
    startedAt: startedAt.toISOString(),
    database: {
      backend: db.backend,
      label: backendLabels[db.backend],
      serverVersion: `PostgreSQL ${server.rows[0]?.version ?? 'unknown'}`,
      location: db.location,
    },
    installation: installation.rows[0] ? { id: installation.rows[0].id, createdAt: installation.rows[0].created_at.toISOString() } : null,
    migrations: state.applied.map((m) => ({ ...m, appliedAt: m.appliedAt.toISOString() })),
    pendingMigrations: state.pending.length,
    capabilities: capabilities.map((c) => {
      const tables = sizes.filter((t) => t.schema === c.schema).map(({ name, rows, estimated }) => ({ name, rows, estimated }));
      return { name: c.name, schema: c.schema, rows: tables.reduce((sum, t) => sum + t.rows, 0), tables };
    }),
  };
}
