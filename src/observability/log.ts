/**
 * Carryover's log: one JSON object per line, each with a timestamp, a level, an event name and the ids that say what
 * it is about. Domain code calls `log.info('job.run', { jobId, outcome })`; only this module knows the library
 * behind it (LogTape: no dependencies, the same code on Node and Workers, a JSON Lines formatter).
 *
 * What goes into a line is ids, states, counts and durations — never a link token, an OAuth code or token, a
 * SECRET_KEY, an email body or a private note. Fields are typed as plain values so nothing large or nested (a
 * request, a row) lands in a line by accident.
 *
 * @example
 * log.info('job.run', { jobId: '…', kind: 'sync-calendar', outcome: 'done', ms: 42 })
 * // {"@timestamp":"2026-11-24T09:00:00.000Z","level":"INFO","message":"job.run","logger":"carryover","jobId":"…",…}
 */
import {
  configureSync,
  getConfig,
  getConsoleSink,
  getJsonLinesFormatter,
  getLogger,
  type LogLevel,
  type Sink,
} from '@logtape/logtape';

/** A value a log line may carry. */
export type LogValue = string | number | boolean | null | undefined | readonly string[];

/** The fields of one line, beside its event name. */
export type LogFields = Readonly<Record<string, LogValue>>;

/** The levels an operator can choose (LOG_LEVEL). */
export const LOG_LEVELS = ['debug', 'info', 'warning', 'error'] as const;
export type LogThreshold = (typeof LOG_LEVELS)[number];

export interface LogOptions {
  /** The lowest level written (default 'info'). */
  readonly level?: LogThreshold;
  /** Where each formatted line goes (default: the console, so stdout/stderr on Node and Workers Logs on Workers). */
  readonly write?: ((line: string, level: LogLevel) => void) | undefined;
}

const CATEGORY = 'carryover';
/** Keys the JSON Lines formatter writes itself: a field by one of these names would overwrite them. */
const RESERVED = new Set(['@timestamp', 'level', 'message', 'logger']);

const formatter = getJsonLinesFormatter({ properties: 'flatten', message: 'rendered' });

/**
 * Sets where lines go and from which level. Entry points call it once at start; tests call it to capture lines.
 * Without a call, the first line configures the defaults (info and up, to the console).
 */
export function configureLogs({ level = 'info', write }: LogOptions = {}): void {
  const sink: Sink = write ? (record) => write(formatter(record).replace(/\r?\n$/, ''), record.level) : consoleSink();
  configureSync({
    reset: true,
    sinks: { out: sink },
    loggers: [
      { category: CATEGORY, sinks: ['out'], lowestLevel: level },
      // LogTape's own warnings (a misconfiguration) are worth a line too.
      { category: ['logtape', 'meta'], sinks: ['out'], lowestLevel: 'warning' },
    ],
  });
}

function consoleSink(): Sink {
  return getConsoleSink({ formatter });
}

function emit(level: 'debug' | 'info' | 'warning' | 'error', event: string, fields: LogFields): void {
  if (getConfig() === null) configureLogs();
  const properties: Record<string, LogValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) properties[RESERVED.has(key) ? `_${key}` : key] = value;
  }
  // The event name is the message; LogTape would read `{…}` in it as a placeholder, and event names have none.
  getLogger(CATEGORY)[level](event, properties);
}

/** The log, by level. Event names are dotted and stable (`http.request`, `job.run`): dashboards filter on them. */
export const log = {
  debug: (event: string, fields: LogFields = {}) => emit('debug', event, fields),
  info: (event: string, fields: LogFields = {}) => emit('info', event, fields),
  warn: (event: string, fields: LogFields = {}) => emit('warning', event, fields),
  error: (event: string, fields: LogFields = {}) => emit('error', event, fields),
};

/** What a line says about a failure: its message, one line, bounded (a provider's words, never a whole body). */
export function describeError(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}
