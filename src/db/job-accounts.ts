import { sql } from 'kysely';
import type { Db } from './database.ts';
import { PREPARE_SOURCE, SEND_PROMPTS, SEND_REMINDERS, SYNC_CALENDAR } from './job-kinds.ts';

/**
 * The account each job works for, by job id: a sync's calendar's account, a preparation's source's account, a
 * send's meeting's source's account. One statement for a whole claim, so the tick can keep to a provider's limit of
 * concurrent requests per mailbox. A job whose key names no account row (an unknown kind, a row since deleted) is
 * absent from the map. The CASEs cast a key to uuid only for the kinds whose keys are uuids, and compare uuid to
 * uuid so each join uses its primary key.
 */
export async function accountsOfJobs(db: Db, jobIds: readonly string[]): Promise<Map<string, string>> {
  if (jobIds.length === 0) return new Map();
  const rows = await sql<{ id: string; account_id: string | null }>`
    select jobs.id, coalesce(calendars.account_id, prepared.account_id, sent.account_id) as account_id
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
  return new Map(rows.rows.flatMap((row) => (row.account_id ? [[row.id, row.account_id] as const] : [])));
}
