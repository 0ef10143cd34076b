import type { PlatformErrorCode } from '../platform/index.js';

/** Exit codes scripts can rely on (listed in the README and `joinedup --help`). */
export const exitCodes = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  unavailable: 3,
  migrations: 4,
  backupFile: 5,
  targetNotEmpty: 6,
  importRejected: 7,
  tampered: 8,
  booksWrong: 9,
  interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export const exitCodeHelp = `Exit codes:
  0  success
  1  unexpected failure (see the log)
  2  usage: unknown command or option, or a bad value
  3  unavailable: database unreachable, data directory not writable or in use, port taken
  4  migrations: the database is ahead of this version, an applied migration changed, or (migrate --check) migrations are pending
  5  backup file: not a Joined Up backup, damaged, incomplete, or from a newer version
  6  target not empty: the restore target already holds an installation (use --replace), or the synth output folder is not empty (use --force)
  7  import: a file could not be imported as a whole (empty, wrong kind, missing columns; see its data-quality report)
  8  audit verify: the audit trail was changed, cut or rewritten (each break is listed)
  9  finance verify: the ledger breaks an invariant (a journal unbalanced or incomplete, a gap in the sequence; each problem is listed)
  130  interrupted (Ctrl-C or SIGTERM) before the end; synth leaves nothing behind`;

/** The exit code for a catalogued platform error. */
export function exitCodeFor(code: PlatformErrorCode): ExitCode {
  switch (code) {
    case 'validation_failed':
    case 'malformed_body':
    case 'body_too_large':
    case 'unsupported_media_type':
    case 'bad_request':
    case 'not_found':
    case 'method_not_allowed':
    case 'output_not_writable':
      return exitCodes.usage;
    case 'database_unavailable':
    case 'port_unavailable':
    case 'web_ui_missing':
    case 'shutting_down':
      return exitCodes.unavailable;
    case 'migrations_pending':
    case 'migrations_ahead':
    case 'migration_changed':
    case 'migration_order':
      return exitCodes.migrations;
    case 'backup_invalid':
    case 'backup_incompatible':
      return exitCodes.backupFile;
    case 'restore_target_not_empty':
      return exitCodes.targetNotEmpty;
    case 'internal_error':
      return exitCodes.unexpected;
  }
}
