import { configureLogs, LOG_LEVELS, type LogThreshold } from '../../src/observability/log.ts';

/**
 * The suite's log: warnings and errors only (LOG_LEVEL overrides), so the request and job lines of a thousand tests
 * do not bury the report. Loaded before every test file (vitest.config.ts `setupFiles`).
 */
export function quietLogs(): void {
  const wanted = process.env.LOG_LEVEL?.toLowerCase();
  const level = LOG_LEVELS.find((name) => name === wanted) ?? 'warning';
  configureLogs({ level });
}

/** Lines a test captured, as written and parsed. */
export interface CapturedLogs {
  /** Every line as the formatter wrote it. */
  readonly lines: string[];
  /** The lines parsed, for assertions on fields. */
  records(): Record<string, unknown>[];
  /** The parsed lines of one event (`http.request`, `job.run`, …). */
  events(name: string): Record<string, unknown>[];
  /** Back to the suite's quiet console log. */
  stop(): void;
}

/** Captures every line from `level` up (default debug) instead of writing them, until `stop()`. */
export function captureLogs(level: LogThreshold = 'debug'): CapturedLogs {
  const lines: string[] = [];
  configureLogs({ level, write: (line) => lines.push(line) });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    lines,
    records,
    events: (name) => records().filter((record) => record.message === name),
    stop: quietLogs,
  };
}

quietLogs();
