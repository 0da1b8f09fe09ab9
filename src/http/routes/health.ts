import type { Context } from 'hono';
import { sql } from 'kysely';
import { pendingMigrations } from '../../db/migrate.ts';
import { describeError } from '../../observability/log.ts';
import type { AppEnv } from '../app-deps.ts';

type Ctx = Context<AppEnv>;

/**
 * GET /healthz, liveness: 200 while the database answers, 503 (with why, never a stack) when it does not. A
 * supervisor restarts on it; it says nothing about whether the schema is current.
 */
export async function healthz(c: Ctx): Promise<Response> {
  const { db, databaseKind } = c.get('deps');
  try {
    await sql`select 1`.execute(db);
    return c.json({ status: 'ok', database: databaseKind });
  } catch (error) {
    return c.json({ status: 'unavailable', database: databaseKind, message: describeError(error) }, 503);
  }
}

/**
 * GET /readyz, readiness: 200 when the database answers and every migration this build knows is applied, else 503
 * with a reason (`database-unreachable`, `migrations-pending` and which). A load balancer sends traffic on it.
 */
export async function readyz(c: Ctx): Promise<Response> {
  const { db, databaseKind } = c.get('deps');
  let pending: string[];
  try {
    pending = await pendingMigrations(db);
  } catch (error) {
    const body = { status: 'unavailable', reason: 'database-unreachable', message: describeError(error) };
    return c.json({ ...body, database: databaseKind }, 503);
  }
  if (pending.length > 0) {
    return c.json({ status: 'unavailable', reason: 'migrations-pending', database: databaseKind, pending }, 503);
  }
  return c.json({ status: 'ready', database: databaseKind });
}
