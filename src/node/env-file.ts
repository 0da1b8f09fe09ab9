/**
 * `.env` for the Node entry. The file fills in only what the real environment leaves unset — the environment wins,
 * as with Node's own `--env-file` — and each setting remembers where it came from, for `--show-settings`.
 *
 * The file is parsed with Node's own `util.parseEnv` (the parser behind `--env-file`), so quoting, comments and
 * `export` prefixes mean here what they mean to Node.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export type SettingOrigin = 'environment' | 'env file';

export interface LoadedEnvironment {
  /** The environment the service configures itself from: the real one over the file's. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The file read, absolute; undefined when there was none. */
  readonly file: string | undefined;
  originOf(name: string): SettingOrigin | undefined;
}

/** A start-up failure that one line explains, naming the setting to change. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

const DEFAULT_FILE = '.env';

/**
 * Reads ENV_FILE (default `.env` in the working directory). A missing default file is normal; a missing file that
 * ENV_FILE names, or one that cannot be read, is a StartupError.
 */
export function loadEnvironment(processEnv: Readonly<Record<string, string | undefined>>): LoadedEnvironment {
  const named = processEnv.ENV_FILE?.trim() || undefined;
  const path = resolve(named ?? DEFAULT_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && named === undefined) return fromEnvironmentOnly(processEnv);
    throw new StartupError(`ENV_FILE: cannot read ${path} (${code ?? String(error)})`, { cause: error });
  }
  const fromFile = parseEnv(text);
  const env: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(processEnv)) if (value !== undefined) env[name] = value;
  return {
    env,
    file: path,
    originOf: (name) => {
      if (processEnv[name] !== undefined) return 'environment';
      return fromFile[name] !== undefined ? 'env file' : undefined;
    },
  };
}

function fromEnvironmentOnly(processEnv: Readonly<Record<string, string | undefined>>): LoadedEnvironment {
  return {
    env: processEnv,
    file: undefined,
    originOf: (name) => (processEnv[name] !== undefined ? 'environment' : undefined),
  };
}
