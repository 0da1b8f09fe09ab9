import { type Kysely, sql } from 'kysely';

// What keeping a calendar's push channel needs beyond the channel itself (src/lifecycle/sync-calendar.ts):
// - watch_failures / watch_retry_at: a refused watch is tried again after 1 h, doubling to 24 h, not on every sync;
// - watch_reauthorize: Graph asked for the subscription to be reauthorized (lifecycle `reauthorizationRequired`);
// - notified_items: the items change notifications named since the last sync (Graph's resourceData.id), read directly
//   when the sync window does not cover them; null when more were named than are kept (the next sync lists every
//   series instead);
// - sync_warning: what the last sync could not read as it should, for the person to see.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('calendars')
    .addColumn('watch_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('watch_retry_at', 'timestamptz')
    .addColumn('watch_reauthorize', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('notified_items', sql`text[]`, (c) => c.defaultTo(sql`'{}'::text[]`))
    .addColumn('sync_warning', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('calendars')
    .dropColumn('watch_failures')
    .dropColumn('watch_retry_at')
    .dropColumn('watch_reauthorize')
    .dropColumn('notified_items')
    .dropColumn('sync_warning')
    .execute();
}
