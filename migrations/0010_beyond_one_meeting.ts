import { type Kysely, sql } from 'kysely';

// Beyond one meeting (README "Feedback, goals, templates, search and the overview"):
// - each person may rate a meeting (1–5) and answer one rotating question about it; the answer is sealed at rest
//   (it can be sensitive) and stays its author's unless they share it with the other person;
// - development goals per pair, with milestones, a target date and a record of what changed when (the history
//   shows a goal's progress between meetings);
// - each series has a template (the check-in questions and section prompts) and a cadence for goals check-ins;
// - a series can be paused: Carryover then writes nothing to its invites and sends no email until it is resumed.

const now = sql`now()`;
const uuid = sql`gen_random_uuid()`;
// Calendar dates as YYYY-MM-DD text, as commitments keep theirs: pg and PGlite then read back the same string.
const isoDate = (column: string) => sql`${sql.ref(column)} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('series')
    .addColumn('template', 'text', (c) =>
      c.notNull().defaultTo('weekly').check(sql`template in ('weekly', 'career', 'skip-level', 'custom')`),
    )
    // The custom template's questions and prompts (JSON); null unless `template` is 'custom'.
    .addColumn('template_custom', 'jsonb')
    // Every this many meetings the agenda proposes a goals check-in; 0 turns it off.
    .addColumn('goals_every', 'integer', (c) => c.notNull().defaultTo(4).check(sql`goals_every between 0 and 52`))
    .addColumn('paused_at', 'timestamptz')
    .addColumn('paused_by', 'text')
    .execute();

  await db.schema
    .createTable('meeting_feedback')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('occurrence_id', 'uuid', (c) => c.notNull().references('occurrences.id').onDelete('cascade'))
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('rating', 'smallint', (c) => c.check(sql`rating between 1 and 5`))
    .addColumn('question_key', 'text')
    // Sealed with the same secret box as private notes; null when not answered.
    .addColumn('answer_sealed', 'text')
    // Whether the other person of the 1:1 may see this rating and answer (off unless the author turns it on).
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('meeting_feedback_occurrence_author_key', ['occurrence_id', 'author_email'])
    .execute();
  await db.schema.createIndex('meeting_feedback_series_idx').on('meeting_feedback').column('series_id').execute();

  await db.schema
    .createTable('goals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('owner_email', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('target_date', 'text', (c) => c.check(isoDate('target_date')))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'achieved', 'dropped')`),
    )
    .addColumn('created_by_email', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('goals_series_idx').on('goals').column('series_id').execute();

  await db.schema
    .createTable('goal_milestones')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('goal_id', 'uuid', (c) => c.notNull().references('goals.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.check(isoDate('due_date')))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('goal_milestones_goal_idx').on('goal_milestones').column('goal_id').execute();

  // What happened to a goal and when: the history shows each meeting's share of it.
  await db.schema
    .createTable('goal_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('goal_id', 'uuid', (c) => c.notNull().references('goals.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('goal_events_goal_at_idx').on('goal_events').columns(['goal_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('goal_events').execute();
  await db.schema.dropTable('goal_milestones').execute();
  await db.schema.dropTable('goals').execute();
  await db.schema.dropTable('meeting_feedback').execute();
  await db.schema
    .alterTable('series')
    .dropColumn('template')
    .dropColumn('template_custom')
    .dropColumn('goals_every')
    .dropColumn('paused_at')
    .dropColumn('paused_by')
    .execute();
}
