// Environment → typed, validated config, read once at start.
//
// Plain code rather than valibot: most rules here span several variables (credential pairs, sandbox inference,
// BASE_URL defaulting from PORT, SECRET_KEY only optional in sandbox mode). valibot's object-level checks only run
// once every field they read is valid, so it would report problems in rounds; one pass that collects a message per
// variable reports them all at once and stays shorter than the schema plus its message mapping.

import { DEFAULT_WRITE_BUDGET, type WriteBudget } from './core/write-budget.ts';
import { LOG_LEVELS, type LogThreshold } from './observability/log.ts';
import { estimatedKeyBits } from './security/key-strength.ts';

/** An OAuth client registered with a provider. */
export interface OAuthClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** OAuth client credentials for Google Calendar and Gmail. */
export type GoogleCredentials = OAuthClientCredentials;

/** OAuth client credentials for Microsoft Graph (Outlook calendar and mail). */
export interface MicrosoftCredentials extends OAuthClientCredentials {
  /**
   * Entra ID tenant the sign-in goes through. Default 'common': it works for every multitenant app registration
   * (work or school accounts of any tenant, with personal accounts too when the registration admits them). A
   * single-tenant registration ("Accounts in this organizational directory only") must name its tenant id or domain:
   * Entra refuses it at /common and /organizations (AADSTS50194).
   */
  readonly tenant: string;
}

/** The service's validated configuration. */
export interface Config {
  readonly port: number;
  /** Public origin (and optional path) people reach the service at, without a trailing slash. */
  readonly baseUrl: string;
  /** A postgres:// URL, or undefined for the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Where embedded PGlite keeps its files; unused when `databaseUrl` is set. */
  readonly dataDir: string;
  readonly secretKey: string;
  /** True when `secretKey` is the built-in development key: the entry point must warn loudly. */
  readonly insecureDevKey: boolean;
  readonly tickIntervalSeconds: number;
  /** How long each tick keeps claiming due work (default 90 % of the interval). */
  readonly tickBudgetSeconds: number;
  /** Jobs one instance runs at once (never more than 4 of one account). */
  readonly tickConcurrency: number;
  readonly promptDelayMinutes: number;
  /** How many hours before each meeting both people get its reminder email (fractions allowed); 0: no reminders. */
  readonly reminderHours: number;
  /** How often the next meeting's invite may be written (each write can email the other person). */
  readonly writeBudget: WriteBudget;
  readonly google?: GoogleCredentials;
  readonly microsoft?: MicrosoftCredentials;
  /** Whether the Google and Graph emulators stand in for real providers. Never true alongside real credentials. */
  readonly sandbox: boolean;
  /**
   * A standalone sandbox (`npm run sandbox`) to use instead of emulators served in-process; sandbox mode only. Its
   * origin, without a trailing slash.
   */
  readonly sandboxUrl?: string;
  /**
   * Whether providers can push change notifications here: Google and Graph deliver only to public https URLs, so
   * outside the sandbox BASE_URL must be https. Without push the service polls on purpose and never asks for a
   * watch (see `pollingNotice`).
   */
  readonly push: boolean;
  /** Bearer token `/metrics` requires; unset: no `/metrics` at all. */
  readonly metricsToken?: string;
  /** The lowest log level written (LOG_LEVEL); unset: info. */
  readonly logLevel?: LogThreshold;
}

/** Whether providers can push to a deployment at `baseUrl` (the sandbox accepts plain http on purpose). */
export function pushAvailable(baseUrl: string, sandbox: boolean): boolean {
  return sandbox || baseUrl.startsWith('https://');
}

/**
 * What running without push costs, said at start: how often each calendar is polled and the calls that makes. The
 * figures follow POLL_WITHOUT_PUSH_MS in src/core/backstop.ts (every 5 minutes).
 */
export function pollingNotice(baseUrl: string): string {
  return (
    `BASE_URL ${baseUrl} is not https: Google and Microsoft push change notifications only to public https URLs, so ` +
    'Carryover runs without push, polling each connected calendar every 5 minutes (about 320 provider calls a day ' +
    'per calendar instead of about 10 with push; a new 1:1 reaches its invite within 5 minutes instead of seconds). Set ' +
    'BASE_URL to the public https address to turn push on.'
  );
}

/** Thrown by `loadConfig` with every problem found, one per line, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${bullets(problems)}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * The SECRET_KEY used in sandbox mode when none is set. It is public (it is right here), so anything sealed or
 * linked with it is not secret; it is only accepted in sandbox mode.
 */
export const INSECURE_DEV_SECRET_KEY = 'carryover-INSECURE-sandbox-only-development-key';

/**
 * The SECRET_KEY line .env.example ships with. Copying the example unchanged must not give a production service a
 * key everybody has; test/config.test.ts reads .env.example so the two cannot drift apart.
 */
export const EXAMPLE_SECRET_KEY = 'replace-with-the-output-of-openssl-rand-base64-32';

const MIN_SECRET_KEY_LENGTH = 32;
/** The estimated entropy a SECRET_KEY needs outside sandbox mode: AES-256 and HMAC-SHA256 keys are derived from it. */
const MIN_SECRET_KEY_BITS = 128;
const MAKE_A_KEY = 'set it to the output of `openssl rand -base64 32`';
const DEFAULT_PORT = 3000;

/** Reads and validates the environment; throws `ConfigError` listing every bad or missing variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    // An empty value counts as unset: `GOOGLE_CLIENT_ID=` in a .env file means "not configured".
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const text = read(name);
    if (text === undefined) return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    problems.push(`${name} must be a whole number ${range}, got "${text}"`);
    return fallback;
  };

  const port = integer('PORT', DEFAULT_PORT, 1, 65_535);
  const baseUrl = parseBaseUrl(read('BASE_URL'), port, problems);
  const databaseUrl = parseDatabaseUrl(read('DATABASE_URL'), problems);
  const dataDir = read('DATA_DIR') ?? './.data';
  const tickIntervalSeconds = integer('TICK_INTERVAL_SECONDS', 10, 1);
  const tickBudgetSeconds = integer('TICK_BUDGET_SECONDS', Math.max(1, Math.floor(tickIntervalSeconds * 0.9)), 1);
  const tickConcurrency = integer('TICK_CONCURRENCY', 8, 1, 64);
  const promptDelayMinutes = integer('PROMPT_DELAY_MINUTES', 5, 0);
  const reminderHours = parseReminderHours(read('REMINDER_HOURS'), problems);
  const writeBudget: WriteBudget = {
    writesPerMeeting: integer('INVITE_WRITES_PER_MEETING', DEFAULT_WRITE_BUDGET.writesPerMeeting, 1, 10),
    refreshLeadMs:
      integer('INVITE_REFRESH_HOURS', DEFAULT_WRITE_BUDGET.refreshLeadMs / 3600_000, 0, 24 * 14) * 3600_000,
  };

  const google = credentialPair(read, 'GOOGLE', problems);
  const microsoft = credentialPair(read, 'MICROSOFT', problems);
  // Half a pair still counts as credentials: the pair is reported on its own, and must not flip the sandbox on.
  const credentialNames = ['GOOGLE', 'MICROSOFT']
    .flatMap((p) => [`${p}_CLIENT_ID`, `${p}_CLIENT_SECRET`])
    .filter((name) => read(name) !== undefined);
  const sandbox = parseSandbox(read('SANDBOX'), credentialNames, problems);
  const sandboxUrl = parseSandboxUrl(read('SANDBOX_URL'), sandbox, problems);

  const { secretKey, insecureDevKey } = parseSecretKey(read('SECRET_KEY'), sandbox, problems);
  const metricsToken = parseMetricsToken(read('METRICS_TOKEN'), problems);
  const logLevel = parseLogLevel(read('LOG_LEVEL'), problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    baseUrl,
    databaseUrl,
    dataDir,
    secretKey,
    insecureDevKey,
    tickIntervalSeconds,
    tickBudgetSeconds,
    tickConcurrency,
    promptDelayMinutes,
    reminderHours,
    writeBudget,
    ...(google && { google }),
    ...(microsoft && { microsoft: { ...microsoft, tenant: read('MICROSOFT_TENANT') ?? 'common' } }),
    sandbox,
    ...(sandboxUrl && { sandboxUrl }),
    push: pushAvailable(baseUrl, sandbox),
    ...(metricsToken && { metricsToken }),
    ...(logLevel && { logLevel }),
  };
}

/** REMINDER_HOURS unset: a day ahead, time to add talking points. */
export const DEFAULT_REMINDER_HOURS = 24;
/** Two weeks: the furthest ahead a 1:1's next meetings are reliably known (see LOOKAHEAD in prepare-source). */
const MAX_REMINDER_HOURS = 24 * 14;

/** Hours as people write them (24, 0.5, 1.25); 0 turns reminders off. No exponents or signs: a typo, not a choice. */
function parseReminderHours(text: string | undefined, problems: string[]): number {
  if (text === undefined) return DEFAULT_REMINDER_HOURS;
  const value = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  if (value >= 0 && value <= MAX_REMINDER_HOURS) return value;
  problems.push(
    `REMINDER_HOURS must be a number of hours from 0 (no reminders) to ${MAX_REMINDER_HOURS}, such as 24 or 0.5, got "${text}"`,
  );
  return DEFAULT_REMINDER_HOURS;
}

/** Shortest METRICS_TOKEN accepted: `openssl rand -hex 16` makes 32 characters. */
const MIN_METRICS_TOKEN_LENGTH = 16;

function parseMetricsToken(text: string | undefined, problems: string[]): string | undefined {
  if (text === undefined) return undefined;
  if (text.length < MIN_METRICS_TOKEN_LENGTH || /\s/.test(text)) {
    problems.push(
      `METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters without spaces (make one with \`openssl rand -hex 32\`)`,
    );
    return undefined;
  }
  return text;
}

function parseLogLevel(text: string | undefined, problems: string[]): LogThreshold | undefined {
  if (text === undefined) return undefined;
  const name = text.toLowerCase() === 'warn' ? 'warning' : text.toLowerCase();
  const level = LOG_LEVELS.find((known) => known === name);
  if (!level) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${text}"`);
  return level;
}

function parseBaseUrl(text: string | undefined, port: number, problems: string[]): string {
  if (text === undefined) return `http://localhost:${port}`;
  const expected = 'an absolute http(s) URL such as https://carryover.example.com';
  const url = parseUrl(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    problems.push(`BASE_URL must be ${expected}, got "${text}"`);
    return text;
  }
  // Links are built as `${baseUrl}/a/<token>`; a query or fragment would end up in the middle of every one.
  if (url.search !== '' || url.hash !== '') {
    problems.push(`BASE_URL must not have a query or fragment (${expected}), got "${text}"`);
    return text;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseDatabaseUrl(text: string | undefined, problems: string[]): string | undefined {
  if (text === undefined) return undefined;
  const url = parseUrl(text);
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')) {
    // Only the scheme is echoed: the rest of a database URL usually holds a password.
    const scheme = url ? `a ${url.protocol}// URL` : 'not a URL';
    problems.push(
      `DATABASE_URL must be a postgres:// or postgresql:// URL (or unset for embedded PGlite), got ${scheme}`,
    );
    return undefined;
  }
  return text;
}

function credentialPair(
  read: (name: string) => string | undefined,
  prefix: 'GOOGLE' | 'MICROSOFT',
  problems: string[],
): OAuthClientCredentials | undefined {
  const idName = `${prefix}_CLIENT_ID`;
  const secretName = `${prefix}_CLIENT_SECRET`;
  const clientId = read(idName);
  const clientSecret = read(secretName);
  if (clientId !== undefined && clientSecret !== undefined) return { clientId, clientSecret };
  if (clientId !== undefined) problems.push(`${secretName} is missing: set it along with ${idName}, or unset both`);
  if (clientSecret !== undefined) problems.push(`${idName} is missing: set it along with ${secretName}, or unset both`);
  return undefined;
}

function parseSandbox(text: string | undefined, credentialNames: readonly string[], problems: string[]): boolean {
  if (text === undefined) return credentialNames.length === 0;
  const value = text.toLowerCase();
  if (['false', '0', 'off'].includes(value)) return false;
  if (!['true', '1', 'on'].includes(value)) {
    problems.push(`SANDBOX must be true/1/on or false/0/off (or unset to infer it), got "${text}"`);
    return credentialNames.length === 0;
  }
  if (credentialNames.length > 0) {
    // The emulators accept any login; mounted beside real providers they would be a way into real accounts' data.
    problems.push(
      `SANDBOX=${text} cannot be combined with real provider credentials (${credentialNames.join(', ')}): ` +
        'unset SANDBOX or the credentials',
    );
  }
  return true;
}

function parseSandboxUrl(text: string | undefined, sandbox: boolean, problems: string[]): string | undefined {
  if (text === undefined) return undefined;
  const url = parseUrl(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    problems.push(
      `SANDBOX_URL must be the http(s) address of a sandbox started with \`npm run sandbox\`, got "${text}"`,
    );
    return undefined;
  }
  if (!sandbox) {
    // A deployment with real credentials must never send its people to an emulator's consent page.
    problems.push(
      'SANDBOX_URL is set but sandbox mode is off (SANDBOX=false or provider credentials are set): unset SANDBOX_URL',
    );
    return undefined;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseSecretKey(
  text: string | undefined,
  sandbox: boolean,
  problems: string[],
): { secretKey: string; insecureDevKey: boolean } {
  const expected = `at least ${MIN_SECRET_KEY_LENGTH} random characters, e.g. from \`openssl rand -base64 32\``;
  if (text === undefined) {
    if (sandbox) return { secretKey: INSECURE_DEV_SECRET_KEY, insecureDevKey: true };
    problems.push(`SECRET_KEY is required outside sandbox mode: set it to ${expected}`);
    return { secretKey: '', insecureDevKey: false };
  }
  if (text === INSECURE_DEV_SECRET_KEY) {
    if (sandbox) return { secretKey: text, insecureDevKey: true };
    problems.push(`SECRET_KEY must not be the public development key outside sandbox mode: set it to ${expected}`);
  } else if (text.length < MIN_SECRET_KEY_LENGTH) {
    // Never echo the key itself; its length is enough to act on.
    problems.push(`SECRET_KEY must be ${expected}, got ${text.length} characters`);
  } else if (!sandbox) {
    // The sandbox holds no real data, so any key of the right length will do there (as before).
    const weakness = secretKeyWeakness(text);
    if (weakness) problems.push(`SECRET_KEY ${weakness} outside sandbox mode: ${MAKE_A_KEY}`);
  }
  return { secretKey: text, insecureDevKey: false };
}

/** Why a key of the right length is still not fit for real data, or undefined when it is. */
function secretKeyWeakness(key: string): string | undefined {
  if (key === EXAMPLE_SECRET_KEY) return 'is still the placeholder from .env.example, which must not be used';
  const bits = Math.floor(estimatedKeyBits(key));
  if (bits >= MIN_SECRET_KEY_BITS) return undefined;
  return (
    `looks made by hand, not random (repeats, runs, keyboard rows or few kinds of character: about ${bits} bits ` +
    `of entropy where ${MIN_SECRET_KEY_BITS} are needed), which must not be used`
  );
}

function parseUrl(text: string): URL | undefined {
  // Not URL.parse: older workerd compatibility dates lack it, while the constructor works everywhere.
  try {
    return new URL(text);
  } catch {
    return undefined; // the caller reports the variable; the TypeError adds nothing to "not a URL"
  }
}

function bullets(lines: readonly string[]): string {
  return lines.map((line) => `  - ${line}`).join('\n');
}
