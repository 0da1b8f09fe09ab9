/**
 * Start-up failures as one line that names the setting to change — the database unreachable, the port taken,
 * DATA_DIR unusable — instead of a stack trace. Each check runs before the part that would otherwise fail slowly or
 * obscurely (PGlite on an unwritable directory waits instead of failing).
 */

import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { StartupError } from './env-file.ts';

/** DATA_DIR exists (made if need be), is a directory, and this user can write to it. */
export function prepareDataDir(dataDir: string): string {
  const path = resolve(dataDir);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new StartupError(`DATA_DIR: ${path} is a file, not a directory`);
    throw new StartupError(`DATA_DIR: cannot create ${path} (${code ?? messageOf(error)})`, { cause: error });
  }
  if (!statSync(path).isDirectory()) throw new StartupError(`DATA_DIR: ${path} is a file, not a directory`);
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw new StartupError(`DATA_DIR: ${path} is not writable by this user (${errorCode(error) ?? 'EACCES'})`, {
      cause: error,
    });
  }
  return path;
}

/** Why PostgreSQL could not be used, naming DATABASE_URL (without its password). */
export function databaseStartupError(databaseUrl: string, error: unknown): StartupError {
  const where = describeDatabase(databaseUrl);
  const code = errorCode(error);
  const why =
    code === 'ECONNREFUSED'
      ? `PostgreSQL at ${where.host} refused the connection: is it running?`
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `the host ${where.hostname} was not found`
        : code === '28P01' || code === '28000'
          ? `PostgreSQL refused the login of ${where.user ? `"${where.user}"` : 'this user'} (${code})`
          : code === '3D000'
            ? `the database ${where.database ? `"${where.database}" ` : ''}does not exist`
            : /timeout/i.test(messageOf(error))
              ? `no answer from PostgreSQL at ${where.host} (timed out)`
              : `cannot use PostgreSQL at ${where.host}: ${messageOf(error)}`;
  return new StartupError(`DATABASE_URL: ${why}`, { cause: error });
}

/** Why the HTTP server could not listen, naming PORT. */
export function listenStartupError(port: number, error: unknown): StartupError {
  const code = errorCode(error);
  if (code === 'EADDRINUSE') {
    return new StartupError(`PORT: ${port} is already in use (EADDRINUSE): stop what holds it or set another PORT`);
  }
  if (code === 'EACCES') {
    return new StartupError(`PORT: ${port} needs privileges this user lacks (EACCES): use a port above 1023`);
  }
  return new StartupError(`PORT: cannot listen on ${port}: ${messageOf(error)}`, { cause: error });
}

/** One line for any start-up failure: a StartupError as it is, anything else with its chain of causes. */
export function startupErrorLine(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  const messages: string[] = [];
  for (let e: unknown = error; e !== undefined && messages.length < 5; e = (e as { cause?: unknown }).cause) {
    messages.push(messageOf(e));
    if (!(e instanceof Error)) break;
  }
  return `Carryover could not start: ${messages.join(': ')}`;
}

function describeDatabase(databaseUrl: string): { host: string; hostname: string; user: string; database: string } {
  try {
    const url = new URL(databaseUrl);
    return {
      host: `${url.hostname}:${url.port || '5432'}`,
      hostname: url.hostname,
      user: decodeURIComponent(url.username),
      database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    };
  } catch {
    return { host: 'the configured host', hostname: 'the configured host', user: '', database: '' };
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // node-postgres and Node's net report several addresses as an AggregateError; the first names the cause.
  const first = (error as { errors?: unknown[] }).errors?.[0];
  return first === undefined ? undefined : errorCode(first);
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
