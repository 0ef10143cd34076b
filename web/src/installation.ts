/** The body of `GET /api/installation`: what this installation is and what it holds. */
export interface Installation {
  name: string;
  version: string;
  /** ISO 8601 instant the server process started. */
  startedAt: string;
  database: DatabaseInfo;
  /** Null until the first migration has created the installation record. */
  installation: { id: string; createdAt: string } | null;
  migrations: AppliedMigration[];
  pendingMigrations: number;
  capabilities: CapabilityData[];
}

export interface DatabaseInfo {
  backend: 'pglite' | 'postgres';
  /** A human label, e.g. "Embedded PostgreSQL (PGlite)". */
  label: string;
  serverVersion: string;
  /** A directory for embedded databases, host:port/dbname for a server. */
  location: string;
}

export interface AppliedMigration {
  capability: string;
  version: number;
  name: string;
  /** SHA-256 of the migration's SQL, 64 hex characters. */
  checksum: string;
  appliedAt: string;
}

export interface CapabilityData {
  name: string;
  schema: string;
  rows: number;
  tables: TableData[];
}

export interface TableData {
  name: string;
  rows: number;
  /** True when `rows` comes from planner statistics rather than a count. */
  estimated: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A shallow check that a response body has the fields the page reads, so a server
 * that answers with something else gives a clear error instead of a broken page.
 */
export function isInstallation(value: unknown): value is Installation {
  if (!isRecord(value)) return false;
  const { database, installation } = value;
  return (
    typeof value.name === 'string' &&
    typeof value.version === 'string' &&
    typeof value.startedAt === 'string' &&
    typeof value.pendingMigrations === 'number' &&
    Array.isArray(value.migrations) &&
    Array.isArray(value.capabilities) &&
    isRecord(database) &&
    typeof database.label === 'string' &&
    (installation === null || (isRecord(installation) && typeof installation.createdAt === 'string'))
  );
}
