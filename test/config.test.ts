import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXAMPLE_SECRET_KEY, INSECURE_DEV_SECRET_KEY, loadConfig } from '../src/config.ts';

// What `openssl rand -base64 32` prints: 32 random bytes, base64.
const SECRET_KEY = 'q6Yk0zH2m0P5pX1v8uJ3c9Rr4tWb7nLs1dFg2hKj3lA=';
const GOOGLE = { GOOGLE_CLIENT_ID: 'google-id', GOOGLE_CLIENT_SECRET: 'google-secret' };
const MICROSOFT = { MICROSOFT_CLIENT_ID: 'ms-id', MICROSOFT_CLIENT_SECRET: 'ms-secret' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('runs as a sandbox on the built-in development key with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      baseUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      dataDir: './.data',
      secretKey: INSECURE_DEV_SECRET_KEY,
      insecureDevKey: true,
      tickIntervalSeconds: 10,
      tickBudgetSeconds: 9,
      tickConcurrency: 8,
      promptDelayMinutes: 5,
      reminderHours: 24,
      writeBudget: { writesPerMeeting: 2, refreshLeadMs: 24 * 3600_000 },
      sandbox: true,
      push: true,
    });
  });

  it('reads every variable of a production setup', () => {
    const config = loadConfig({
      PORT: '8080',
      BASE_URL: 'https://carryover.example.com',
      DATABASE_URL: 'postgresql://carry:pw@db:5432/carryover',
      DATA_DIR: '/var/lib/carryover',
      SECRET_KEY,
      TICK_INTERVAL_SECONDS: '30',
      TICK_BUDGET_SECONDS: '20',
      TICK_CONCURRENCY: '4',
      PROMPT_DELAY_MINUTES: '10',
      REMINDER_HOURS: '0.5',
      INVITE_WRITES_PER_MEETING: '1',
      INVITE_REFRESH_HOURS: '12',
      ...GOOGLE,
      ...MICROSOFT,
      MICROSOFT_TENANT: 'organizations',
    });
    expect(config).toEqual({
      port: 8080,
      baseUrl: 'https://carryover.example.com',
      databaseUrl: 'postgresql://carry:pw@db:5432/carryover',
      dataDir: '/var/lib/carryover',
      secretKey: SECRET_KEY,
      insecureDevKey: false,
      tickIntervalSeconds: 30,
      tickBudgetSeconds: 20,
      tickConcurrency: 4,
      promptDelayMinutes: 10,
      reminderHours: 0.5,
      writeBudget: { writesPerMeeting: 1, refreshLeadMs: 12 * 3600_000 },
      google: { clientId: 'google-id', clientSecret: 'google-secret' },
      microsoft: { clientId: 'ms-id', clientSecret: 'ms-secret', tenant: 'organizations' },
      sandbox: false,
      push: true,
    });
  });

  it('derives the default BASE_URL from PORT', () => {
    expect(loadConfig({ PORT: '4000' }).baseUrl).toBe('http://localhost:4000');
  });

  it('removes trailing slashes from BASE_URL, keeping a path prefix', () => {
    expect(loadConfig({ BASE_URL: 'https://carryover.example.com/' }).baseUrl).toBe('https://carryover.example.com');
    expect(loadConfig({ BASE_URL: 'https://example.com/carryover//' }).baseUrl).toBe('https://example.com/carryover');
  });

  it('accepts postgres:// as well as postgresql://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/carryover' }).databaseUrl).toBe(
      'postgres://localhost/carryover',
    );
  });

  it('accepts PROMPT_DELAY_MINUTES=0 to prompt right as a meeting ends', () => {
    expect(loadConfig({ PROMPT_DELAY_MINUTES: '0' }).promptDelayMinutes).toBe(0);
  });

  it('reads REMINDER_HOURS as hours, fractions allowed, 0 for no reminders', () => {
    expect(loadConfig({ REMINDER_HOURS: '0' }).reminderHours).toBe(0);
    expect(loadConfig({ REMINDER_HOURS: '1.5' }).reminderHours).toBe(1.5);
    expect(loadConfig({ REMINDER_HOURS: '.25' }).reminderHours).toBe(0.25);
    for (const bad of ['-1', 'soon', '1e3', '337', '24h']) {
      expect(problemsOf({ REMINDER_HOURS: bad })).toEqual([
        `REMINDER_HOURS must be a number of hours from 0 (no reminders) to 336, such as 24 or 0.5, got "${bad}"`,
      ]);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', GOOGLE_CLIENT_ID: '', GOOGLE_CLIENT_SECRET: ' ', SANDBOX: '' })).toMatchObject({
      port: 3000,
      sandbox: true,
    });
  });

  it('names every bad variable at once, saying what is expected', () => {
    const problems = problemsOf({
      PORT: '70000',
      BASE_URL: 'ftp://example.com',
      DATABASE_URL: 'mysql://root:hunter2@db/carryover',
      SECRET_KEY: 'short',
      TICK_INTERVAL_SECONDS: '0',
      PROMPT_DELAY_MINUTES: '-5',
      SANDBOX: 'maybe',
    });
    expect(problems).toEqual([
      'PORT must be a whole number from 1 to 65535, got "70000"',
      'BASE_URL must be an absolute http(s) URL such as https://carryover.example.com, got "ftp://example.com"',
      'DATABASE_URL must be a postgres:// or postgresql:// URL (or unset for embedded PGlite), got a mysql:// URL',
      'TICK_INTERVAL_SECONDS must be a whole number 1 or more, got "0"',
      'PROMPT_DELAY_MINUTES must be a whole number 0 or more, got "-5"',
      'SANDBOX must be true/1/on or false/0/off (or unset to infer it), got "maybe"',
      'SECRET_KEY must be at least 32 random characters, e.g. from `openssl rand -base64 32`, got 5 characters',
    ]);
  });

  it('lists the problems one per line in the error message', () => {
    expect(() => loadConfig({ PORT: 'abc', TICK_INTERVAL_SECONDS: '1.5' })).toThrow(
      'invalid configuration (2 problems):\n' +
        '  - PORT must be a whole number from 1 to 65535, got "abc"\n' +
        '  - TICK_INTERVAL_SECONDS must be a whole number 1 or more, got "1.5"',
    );
  });

  it('never echoes secrets in its messages', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/x', SECRET_KEY: 'hunter2', ...GOOGLE });
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('rejects a BASE_URL that is not absolute or carries a query', () => {
    expect(problemsOf({ BASE_URL: 'carryover.example.com' })[0]).toMatch(/^BASE_URL must be an absolute http\(s\)/);
    expect(problemsOf({ BASE_URL: 'https://example.com/?x=1' })[0]).toMatch(/^BASE_URL must not have a query/);
  });

  describe('sandbox', () => {
    it('is on when no provider credentials are set, off when any are', () => {
      expect(loadConfig({}).sandbox).toBe(true);
      expect(loadConfig({ SECRET_KEY, ...GOOGLE }).sandbox).toBe(false);
      expect(loadConfig({ SECRET_KEY, ...MICROSOFT }).sandbox).toBe(false);
    });

    it('reads true/1/on and false/0/off in any case', () => {
      for (const on of ['true', '1', 'on', 'TRUE', 'On']) expect(loadConfig({ SANDBOX: on }).sandbox, on).toBe(true);
      for (const off of ['false', '0', 'off', 'False', 'OFF']) {
        expect(loadConfig({ SANDBOX: off, SECRET_KEY }).sandbox, off).toBe(false);
      }
    });

    it('may be off with no credentials: a service that cannot connect providers yet', () => {
      expect(loadConfig({ SANDBOX: 'false', SECRET_KEY })).toMatchObject({ sandbox: false });
    });

    it('is refused next to real credentials, naming them', () => {
      expect(problemsOf({ SANDBOX: 'true', SECRET_KEY, ...GOOGLE, ...MICROSOFT })).toEqual([
        'SANDBOX=true cannot be combined with real provider credentials (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, ' +
          'MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET): unset SANDBOX or the credentials',
      ]);
    });

    it('uses a standalone sandbox at SANDBOX_URL, without its trailing slash', () => {
      expect(loadConfig({ SANDBOX_URL: 'http://127.0.0.1:4000/' })).toMatchObject({
        sandbox: true,
        sandboxUrl: 'http://127.0.0.1:4000',
      });
      expect(loadConfig({}).sandboxUrl).toBeUndefined();
    });

    it('refuses SANDBOX_URL outside sandbox mode, and one that is not an http(s) address', () => {
      const off =
        'SANDBOX_URL is set but sandbox mode is off (SANDBOX=false or provider credentials are set): unset SANDBOX_URL';
      expect(problemsOf({ SANDBOX_URL: 'http://127.0.0.1:4000', SECRET_KEY, ...GOOGLE })).toEqual([off]);
      expect(problemsOf({ SANDBOX_URL: 'http://127.0.0.1:4000', SANDBOX: 'off', SECRET_KEY })).toEqual([off]);
      expect(problemsOf({ SANDBOX_URL: 'localhost:4000' })).toEqual([
        'SANDBOX_URL must be the http(s) address of a sandbox started with `npm run sandbox`, got "localhost:4000"',
      ]);
    });
  });

  describe('SECRET_KEY', () => {
    it('is required outside sandbox mode', () => {
      expect(problemsOf({ ...GOOGLE })).toEqual([
        'SECRET_KEY is required outside sandbox mode: set it to at least 32 random characters, e.g. from ' +
          '`openssl rand -base64 32`',
      ]);
      expect(problemsOf({ SANDBOX: 'off' })[0]).toMatch(/^SECRET_KEY is required/);
    });

    it('is used as given in sandbox mode too, and then is not the insecure one', () => {
      expect(loadConfig({ SECRET_KEY })).toMatchObject({ secretKey: SECRET_KEY, insecureDevKey: false });
    });

    it('must not be the public development key outside sandbox mode', () => {
      expect(problemsOf({ SECRET_KEY: INSECURE_DEV_SECRET_KEY, ...GOOGLE })[0]).toMatch(
        /^SECRET_KEY must not be the public development key/,
      );
      expect(loadConfig({ SECRET_KEY: INSECURE_DEV_SECRET_KEY }).insecureDevKey).toBe(true);
    });

    it('must be at least 32 characters', () => {
      expect(loadConfig({ SECRET_KEY: SECRET_KEY.slice(0, 32), ...GOOGLE }).secretKey).toHaveLength(32);
      expect(problemsOf({ SECRET_KEY: SECRET_KEY.slice(0, 31), ...GOOGLE })[0]).toMatch(/got 31 characters$/);
    });

    it('accepts every key openssl rand -base64 32 or -hex 32 makes (200 random keys of each)', () => {
      for (let i = 0; i < 200; i++) {
        const bytes = crypto.getRandomValues(new Uint8Array(32));
        for (const key of [Buffer.from(bytes).toString('base64'), Buffer.from(bytes).toString('hex')]) {
          expect(loadConfig({ SECRET_KEY: key, ...GOOGLE }).secretKey, key).toBe(key);
        }
      }
    });

    it('refuses the .env.example placeholder outside sandbox mode, saying how to make a key', () => {
      const line = readFileSync(new URL('../.env.example', import.meta.url), 'utf8').match(/^SECRET_KEY=(.*)$/m);
      expect(line?.[1]).toBe(EXAMPLE_SECRET_KEY);
      expect(problemsOf({ SECRET_KEY: line![1]!, ...GOOGLE })).toEqual([
        'SECRET_KEY is still the placeholder from .env.example, which must not be used outside sandbox mode: ' +
          'set it to the output of `openssl rand -base64 32`',
      ]);
    });

    it('refuses repeated, sequential and keyboard-row keys outside sandbox mode', () => {
      const weak = [
        'a'.repeat(32),
        'ab'.repeat(16),
        '0123456789'.repeat(4),
        '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
        'zyxwvutsrqponmlkjihgfedcbaZYXWVU',
        'aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpP',
        'password'.repeat(4),
        'password'.repeat(16),
        'Tr0ub4dor&3'.repeat(3),
        'qwertyuiopasdfghjklzxcvbnmqwerty',
      ];
      for (const key of weak) {
        const [problem] = problemsOf({ SECRET_KEY: key, ...GOOGLE });
        expect(problem, key).toMatch(
          /^SECRET_KEY looks made by hand, not random \(.*about \d+ bits of entropy where 128 are needed\)/,
        );
        expect(problem, key).toMatch(/`openssl rand -base64 32`$/);
        expect(problem, key).not.toContain(key);
      }
    });

    it('keeps accepting any key of 32 characters or more in sandbox mode', () => {
      for (const key of ['a'.repeat(32), EXAMPLE_SECRET_KEY]) {
        expect(loadConfig({ SECRET_KEY: key })).toMatchObject({ secretKey: key, insecureDevKey: false, sandbox: true });
      }
    });
  });

  describe('provider credentials', () => {
    it('rejects half a pair, naming the missing half, without switching to the sandbox', () => {
      expect(problemsOf({ SECRET_KEY, GOOGLE_CLIENT_ID: 'id' })).toEqual([
        'GOOGLE_CLIENT_SECRET is missing: set it along with GOOGLE_CLIENT_ID, or unset both',
      ]);
      expect(problemsOf({ SECRET_KEY, MICROSOFT_CLIENT_SECRET: 'secret' })).toEqual([
        'MICROSOFT_CLIENT_ID is missing: set it along with MICROSOFT_CLIENT_SECRET, or unset both',
      ]);
    });

    it("defaults the Microsoft tenant to 'common'", () => {
      expect(loadConfig({ SECRET_KEY, ...MICROSOFT }).microsoft).toEqual({
        clientId: 'ms-id',
        clientSecret: 'ms-secret',
        tenant: 'common',
      });
    });

    it('leaves an unconfigured provider out', () => {
      const config = loadConfig({ SECRET_KEY, ...GOOGLE });
      expect(config.google).toEqual({ clientId: 'google-id', clientSecret: 'google-secret' });
      expect('microsoft' in config).toBe(false);
    });
  });
});
