/**
 * Structured logs that never carry personal data: requests are logged by route pattern (never
 * the URL, whose query may hold a name or NHS number), and error messages from unknown errors are
 * scrubbed of values (database errors quote the offending row).
 */
import { pino, type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from './config.js';
import { errorCode } from './errors.js';

export type { Logger };

/** A pino logger at the level, to stdout or the given stream (tests capture it). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'joinedup' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/** Replaces anything that may be a value (quoted text, parenthesised details, digit runs) with a mark. */
export function scrubMessage(message: string): string {
  return message
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\([^)]*\)=\([^)]*\)/g, '(…)=(…)')
    .replace(/\d{3,}/g, '#');
}

/** The parts of an unknown error that are safe to log: its kind, code and where it was thrown. */
export function safeErrorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const frames = (error.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 12).map((l) => l.trim());
  return { type: error.name, code: errorCode(error), message: scrubMessage(error.message), stack: frames };
}
