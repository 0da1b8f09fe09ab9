/**
 * `--show-settings`: which settings the service read and where each came from — the real environment, the env
 * file, or the default — without printing a secret. Only on request, so a normal start prints no configuration.
 */

import type { LoadedEnvironment } from './env-file.ts';

/** Settings whose values are never printed, only whether they are set. */
const SECRET = /SECRET|TOKEN|PASSWORD|KEY/;

/**
 * The environment as config reads it, remembering each name asked for (in order), so the report lists exactly the
 * settings this configuration consulted, unset ones included.
 */
export function recordingReads(loaded: LoadedEnvironment): {
  env: Readonly<Record<string, string | undefined>>;
  read: () => readonly string[];
} {
  const names = new Set<string>();
  const env = new Proxy(loaded.env, {
    get(target, name) {
      if (typeof name === 'string') names.add(name);
      return Reflect.get(target, name);
    },
  });
  return { env, read: () => [...names] };
}

export function settingsReport(loaded: LoadedEnvironment, names: readonly string[]): string {
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((name) => {
    const raw = loaded.env[name]?.trim();
    const origin = raw ? loaded.originOf(name) : undefined;
    const shown = raw ? displayed(name, raw) : '(default)';
    return `  ${name.padEnd(width)}  ${shown}${origin ? `  [${origin}]` : ''}`;
  });
  const file = loaded.file ? `env file: ${loaded.file}` : 'env file: none (ENV_FILE, default ./.env)';
  return ['Settings (the environment wins over the env file):', `  ${file}`, ...lines].join('\n');
}

function displayed(name: string, value: string): string {
  if (name === 'DATABASE_URL') return withoutPassword(value);
  return SECRET.test(name) ? 'set (hidden)' : value;
}

function withoutPassword(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'set (hidden: not a URL)';
  }
}
