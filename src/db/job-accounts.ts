import { sql } from 'kysely';
import type { Db } from './database.ts';
import { PREPARE_SOURCE, SEND_PROMPTS, SEND_REMINDERS, SYNC_CALENDAR } from './job-kinds.ts';

/** Who a claimed job works for: its account, and for a preparation the 1:1 thread it prepares. */
export interface JobOwner {
  readonly account: string;
  readonly thread?: string;
}

/**
 * The account each job works for, by job id: a sync's calendar's account, a preparation's source's account, a
 * send's meeting's source's account — and a preparation's thread (series). One statement for a whole claim, so the
 * tick can keep to a provider's limit of concurrent requests per mailbox and never prepare one thread twice at once
 * (a "this and following" split gives a thread two sources). A job whose key names no account row (an unknown kind,
 * a row since deleted) is absent from the map. The CASEs cast a key to uuid only for the kinds whose keys are uuids, and compare uuid to
 * uuid so each join uses its primary key.
 */
export async function ownersOfJobs(db: Db, jobIds: readonly string[]): Promise<Map<string, JobOwner>> {
  if (jobIds.length === 0) return new Map();
  const rows = await sql<{ id: string; account_id: string | null; thread: string | null }>`
    select jobs.id, coalesce(calendars.account_id, prepared.account_id, sent.account_id) as account_id,
      prepared.series_id as thread
    from jobs
    left join calendars
      on calendars.id = (case when jobs.kind = ${SYNC_CALENDAR} then jobs.key::uuid end)
    left join series_sources prepared
      on prepared.id = (case when jobs.kind = ${PREPARE_SOURCE} then jobs.key::uuid end)
    left join occurrences
      on occurrences.id = (case when jobs.kind in (${SEND_PROMPTS}, ${SEND_REMINDERS}) then jobs.key::uuid end)
    left join series_sources sent on sent.id = occurrences.source_id
    where jobs.id in (${sql.join(jobIds)})
  `.execute(db);
  return new Map(
    rows.rows.flatMap((row) =>
      row.account_id ? [[row.id, { account: row.account_id, ...(row.thread && { thread: row.thread }) }] as const] : [],
    ),
  );
}
