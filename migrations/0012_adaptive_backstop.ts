import type { Kysely } from 'kysely';

// The backstop poll of each calendar adapts (src/core/backstop.ts): hours while push announces every change, tighter
// when a sync finds changes no notification announced. backstop_seconds is the interval last used; null until the
// first sync with push.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendars').addColumn('backstop_seconds', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendars').dropColumn('backstop_seconds').execute();
}
