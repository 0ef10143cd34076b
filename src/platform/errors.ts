/**
 * The platform's error catalogue: every error the platform raises on purpose has a stable code,
 * an HTTP status, a title for people and a hint for developers. Routes, the CLI and tests all see
 * the same codes; the HTTP edge turns them into RFC 9457 problem responses in one place.
 */
export const platformErrors = {
  validation_failed: { status: 400, title: 'The request is not valid', hint: 'See `errors` for each field that failed, with where it is.' },
  malformed_body: { status: 400, title: 'The request body could not be read', hint: 'Send well-formed JSON with Content-Type: application/json.' },
  body_too_large: { status: 413, title: 'The request body is too large', hint: 'Split the request, or use the streaming import.' },
  unsupported_media_type: { status: 415, title: 'The request body type is not supported', hint: 'Send application/json.' },
  bad_request: { status: 400, title: 'The request cannot be handled', hint: 'See `detail`.' },
  not_found: { status: 404, title: 'Not found', hint: 'Check the path against the API description at /docs.' },
  method_not_allowed: { status: 405, title: 'Method not allowed', hint: 'Check the method against the API description at /docs.' },
  database_unavailable: { status: 503, title: 'The database cannot be reached', hint: 'Check DATABASE_URL or the data directory, and that the database is running.' },
  migrations_pending: { status: 503, title: 'The database schema is not up to date', hint: 'Run `joinedup migrate`.' },
  migrations_ahead: { status: 503, title: 'The database was migrated by a newer version of Joined Up', hint: 'Run the newer version, or restore a backup taken by this version.' },
  migration_changed: { status: 503, title: 'An applied migration has been changed', hint: 'Applied migrations are immutable: restore the file as it was and add a new migration instead.' },
  migration_order: { status: 503, title: 'A migration is missing between applied ones', hint: 'Migrations are forward-only: give a new migration a version above the latest applied one.' },
  output_not_writable: { status: 400, title: 'The output file cannot be written', hint: 'Choose a file in a folder this user can write to.' },
  backup_invalid: { status: 422, title: 'The file is not a usable Joined Up backup', hint: 'Use a file written by `joinedup backup`, complete and unchanged.' },
  backup_incompatible: { status: 409, title: 'The backup does not fit this version of Joined Up', hint: 'Restore it with the version that wrote it (or a later one).' },
  restore_target_not_empty: { status: 409, title: 'The target database already holds an installation', hint: 'Restore into a new data directory or database, or pass --replace to overwrite it.' },
  port_unavailable: { status: 503, title: 'The server cannot listen on that port', hint: 'Choose another port with --port or PORT.' },
  web_ui_missing: { status: 503, title: 'The web UI has not been built', hint: 'Run `npm run build`, then start the server again.' },
  shutting_down: { status: 503, title: 'The server is shutting down', hint: 'Retry against another instance or after restart.' },
  internal_error: { status: 500, title: 'Something went wrong on our side', hint: 'The error is logged with the request id; quote it when reporting.' },
} as const satisfies Record<string, { status: number; title: string; hint: string }>;

export type PlatformErrorCode = keyof typeof platformErrors;

/** One place an input was wrong: which part of the request (or file, line) and what was wrong. */
export interface ErrorLocation {
  where: string;
  path: string;
  message: string;
}

/** An error with a stable catalogue code; `detail` is safe to show to the caller. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly errors: readonly ErrorLocation[];

  constructor(
    entry: { code: string; status: number; title: string },
    detail?: string,
    options?: { errors?: readonly ErrorLocation[]; cause?: unknown },
  ) {
    super(detail ?? entry.title, { cause: options?.cause });
    this.name = 'AppError';
    this.code = entry.code;
    this.status = entry.status;
    this.title = entry.title;
    this.errors = options?.errors ?? [];
  }
}

/** Builds an AppError from the platform catalogue. */
export function platformError(
  code: PlatformErrorCode,
  detail?: string,
  options?: { errors?: readonly ErrorLocation[]; cause?: unknown },
): AppError {
  return new AppError({ code, ...platformErrors[code] }, detail, options);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The code of a system or driver error (ENOENT, EADDRINUSE, a SQLSTATE, FST_…), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
