import path from 'node:path';
import { packageRoot } from './version.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Everything the platform is configured with. Only this module and the CLI read the environment. */
export interface Config {
  port: number;
  host: string;
  /** Absolute path of the embedded database's folder (used when databaseUrl is not set). */
  dataDir: string;
  /** PostgreSQL server connection string; when set the embedded database is not used. */
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  /** Folder of the built web UI. */
  webDir: string;
  /** How long shutdown waits for in-flight requests before closing connections. */
  shutdownTimeoutMs: number;
}

/** Settings given on the command line; they win over the environment. */
export interface ConfigFlags {
  port?: string | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
  logLevel?: string | undefined;
}

/** A setting with an unusable value: says which setting, where it came from and why. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The environment variables Joined Up reads, with their meaning (shown in the README and --help). */
export const environmentVariables = {
  DATABASE_URL: 'PostgreSQL server to use instead of the embedded database (postgres://user:pass@host:5432/db)',
  JOINEDUP_DATA_DIR: 'Folder of the embedded database (default ./data)',
  PORT: 'HTTP port for `serve` (default 8080)',
  HOST: 'Address to listen on (default localhost)',
  LOG_LEVEL: `Log level: ${logLevels.join(', ')} (default info)`,
} as const;

/** Reads the configuration from flags and the environment, failing with a ConfigError on bad values. */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const portText = flags.port ?? env.PORT ?? '8080';
  const port = parsePort(portText, flags.port !== undefined ? '--port' : 'PORT');
  const logText = flags.logLevel ?? env.LOG_LEVEL ?? 'info';
  if (!isLogLevel(logText)) {
    throw new ConfigError('LOG_LEVEL', `Log level "${logText}" is not one of ${logLevels.join(', ')}.`);
  }
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== undefined) describeDatabaseUrl(databaseUrl);
  return {
    port,
    host: nonEmpty(flags.host) ?? nonEmpty(env.HOST) ?? 'localhost',
    dataDir: path.resolve(nonEmpty(flags.dataDir) ?? nonEmpty(env.JOINEDUP_DATA_DIR) ?? 'data'),
    databaseUrl,
    logLevel: logText,
    webDir: path.join(packageRoot, 'dist', 'web'),
    shutdownTimeoutMs: 10_000,
  };
}

function parsePort(text: string, source: string): number {
  if (!/^\d{1,5}$/.test(text.trim())) {
    throw new ConfigError(source, `${source} must be a whole number from 0 to 65535, not "${text}".`);
  }
  const port = Number(text.trim());
  if (port > 65535) throw new ConfigError(source, `${source} must be a whole number from 0 to 65535, not ${port}.`);
  return port;
}

function isLogLevel(text: string): text is LogLevel {
  return (logLevels as readonly string[]).includes(text);
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** host:port/database of a PostgreSQL URL, without credentials, safe to show and log. */
export function describeDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL', 'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database).');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//.`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
  return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`;
}
