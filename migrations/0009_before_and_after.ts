import { type Kysely, sql } from 'kysely';

// Before and after every meeting (README "Before and after each 1:1"):
// - the outbox holds two kinds of email per meeting and person: the reminder before it and the recap after it, each
//   at most once, so the unique key gains the kind (existing rows are recaps: that is all the outbox held);
// - reminders can be turned off per series;
// - a talking point left unresolved is carried to the next meeting as a copy that names the one it came from: the
//   earlier meeting keeps its record as it was, marked with when it was carried, so it is carried once — removing the
//   copy ends the chain rather than bringing it back;
// - the agenda gets a place for decisions, which the recap reports next to the deep dive and shared notes.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('prompts')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('recap').check(sql`kind in ('recap', 'reminder')`))
    .execute();
  await db.schema.alterTable('prompts').dropConstraint('prompts_occurrence_recipient_key').execute();
  await db.schema
    .alterTable('prompts')
    .addUniqueConstraint('prompts_occurrence_recipient_kind_key', ['occurrence_id', 'recipient_email', 'kind'])
    .execute();

  await db.schema
    .alterTable('series')
    .addColumn('reminders', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .alterTable('topics')
    .addColumn('carried_from_topic_id', 'uuid', (c) => c.references('topics.id').onDelete('set null'))
    .addColumn('carried_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('topics_carried_once_idx')
    .on('topics')
    .columns(['occurrence_id', 'carried_from_topic_id'])
    .unique()
    .where(sql.ref('carried_from_topic_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('topics_carried_from_idx').on('topics').column('carried_from_topic_id').execute();

  await db.schema
    .alterTable('agendas')
    .addColumn('decisions', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agendas').dropColumn('decisions').execute();
  await db.schema.dropIndex('topics_carried_from_idx').execute();
  await db.schema.dropIndex('topics_carried_once_idx').execute();
  await db.schema.alterTable('topics').dropColumn('carried_from_topic_id').dropColumn('carried_at').execute();
  await db.schema.alterTable('series').dropColumn('reminders').execute();
  await sql`delete from prompts where kind <> 'recap'`.execute(db);
  await db.schema.alterTable('prompts').dropConstraint('prompts_occurrence_recipient_kind_key').execute();
  await db.schema
    .alterTable('prompts')
    .addUniqueConstraint('prompts_occurrence_recipient_key', ['occurrence_id', 'recipient_email'])
    .execute();
  await db.schema.alterTable('prompts').dropColumn('kind').execute();
}
