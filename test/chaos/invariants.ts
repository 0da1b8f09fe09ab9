/**
 * The chaos suite's invariants, checked at the end of a run from the database, the sandbox's mailbox and the
 * sandbox's event bodies:
 *
 * 1. no prompt delivered twice (the mailbox holds at most one recap per meeting and person);
 * 2. no prompt lost silently (every meeting that ended has, for both people, an outbox row that is sent — and was
 *    delivered — or visibly ambiguous, failed with a reason, skipped with a reason, or pending on an account that
 *    needs reconnecting);
 * 3. no commitment lost (each one recorded is in the database and in the next meeting's invite written after it);
 * 4. no byte outside the block changed (each invite's text outside Carryover's block is what its organizer wrote).
 *
 * The fifth — every meeting prepared before it starts, or visibly late — is checked as the run goes (see
 * lifecycles.chaos.ts), since "before it starts" is a moment of the run.
 */
import { sql } from 'kysely';
import { formatOf, removeBlock } from '../../src/core/managed-block.ts';
import { HARD_BREAK, visibleText } from '../../src/core/visible-text.ts';
import type { Db } from '../../src/db/database.ts';
import { RECAP_SUBJECT_START } from '../../src/mail/recap-email.tsx';
import { type Meeting, meetingsOf, ownText } from './calendars.ts';
import type { ChaosSeries, OwnTextVersions, RecordedCommitment } from './world.ts';

/** One broken promise, with what the report needs to find it again. */
export interface Violation {
  readonly invariant:
    | 'duplicate prompt'
    | 'prompt lost silently'
    | 'lost commitment'
    | 'bytes changed outside block'
    | 'not prepared, not visibly late';
  readonly detail: string;
}

/** What the end-of-run check found, violations and visible outcomes alike. */
export interface EndCheck {
  readonly violations: Violation[];
  readonly prompts: Record<string, number>;
  readonly lifecycles: number;
  readonly commitmentsRevertedByPerson: number;
  /** Commitments compared with the invite of the next meeting (the others had no later meeting refreshed yet). */
  readonly commitmentsCarriedChecked: number;
  readonly invitesChecked: number;
}

interface Mail {
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
}

const OCCURRENCE_IN_LINK = /\?occurrence=([0-9a-f-]{36})/;

/** Retries a read a few times: the sandbox may still have a fault queued for this user. */
export async function persist<T>(read: () => Promise<T>, tries = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The recaps delivered to `email`, counted per meeting (the occurrence id in their links). */
export async function recapsTo(sandboxUrl: string, email: string): Promise<Map<string, number>> {
  const mail = (await (await fetch(`${sandboxUrl}/sandbox/mail?to=${encodeURIComponent(email)}`)).json()) as Mail[];
  const counts = new Map<string, number>();
  for (const message of mail) {
    if (!message.subject.startsWith(RECAP_SUBJECT_START)) continue;
    const id = OCCURRENCE_IN_LINK.exec(`${message.text ?? ''} ${message.html ?? ''}`)?.[1] ?? 'unknown';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The occurrence row of one meeting of a series, found by the series' provider id and the meeting's start. */
export async function occurrenceOf(db: Db, series: ChaosSeries, start: Date) {
  const { rows } = await sql<{ id: string; block_written_at: Date | null; source_id: string; series_id: string }>`
    select o.id, o.block_written_at, o.source_id, o.series_id from occurrences o
    join series_sources ss on ss.id = o.source_id
    where ss.provider_series_id = ${series.seriesId} and o.starts_at = ${start} and o.status = 'scheduled'`.execute(db);
  return rows[0];
}

const visible = (html: string) => visibleText(html).text.replaceAll(HARD_BREAK, ' ').replace(/\s+/g, ' ').trim();

/** Checks invariants 1–4 at `now`, once the run has drained. */
export async function checkAtEnd(options: {
  readonly db: Db;
  readonly sandboxUrl: string;
  readonly now: Date;
  readonly runStart: Date;
  readonly series: readonly ChaosSeries[];
  readonly commitments: readonly RecordedCommitment[];
  readonly ownText: OwnTextVersions;
  /** The block each meeting's invite held when its organizer last wrote it back whole (person edits). */
  readonly blocksWrittenByPerson: Map<string, string>;
}): Promise<EndCheck> {
  const { db, sandboxUrl, now } = options;
  const violations: Violation[] = [];
  const prompts: Record<string, number> = {};
  let lifecycles = 0;
  const recaps = new Map<string, Map<string, number>>();
  const recapsOf = async (email: string) => {
    let found = recaps.get(email);
    if (!found) {
      found = await persist(() => recapsTo(sandboxUrl, email));
      recaps.set(email, found);
    }
    return found;
  };

  // 1 and 2: every meeting that ended (its recap due) has, for both people, one visible outcome and at most one email.
  for (const series of options.series) {
    for (const start of series.starts) {
      const end = new Date(start.getTime() + series.minutes * 60_000);
      if (end.getTime() + 5 * 60_000 > now.getTime()) continue;
      lifecycles += 1;
      const where = `${series.provider} ${series.organizer} → ${series.attendee}, meeting of ${start.toISOString()}`;
      const occurrence = await occurrenceOf(db, series, start);
      if (!occurrence) {
        violations.push({ invariant: 'prompt lost silently', detail: `${where}: no occurrence row at all` });
        continue;
      }
      for (const recipient of [series.organizer, series.attendee]) {
        const delivered = (await recapsOf(recipient)).get(occurrence.id) ?? 0;
        if (delivered > 1) {
          violations.push({ invariant: 'duplicate prompt', detail: `${where}: ${delivered} recaps to ${recipient}` });
        }
        const { rows } = await sql<{ state: string; failure: string | null; last_error: string | null }>`
          select state, failure, last_error from prompts
          where occurrence_id = ${occurrence.id} and recipient_email = ${recipient} and kind = 'recap'`.execute(db);
        const row = rows[0];
        if (!row) {
          violations.push({ invariant: 'prompt lost silently', detail: `${where}: no outbox row for ${recipient}` });
          continue;
        }
        prompts[row.state] = (prompts[row.state] ?? 0) + 1;
        const account = await sql<{ status: string }>`
          select status from accounts where email = ${series.organizer} and provider = ${series.provider}`.execute(db);
        const reconnect = account.rows[0]?.status === 'needs_reconnect';
        const silent =
          (row.state === 'sent' && delivered === 0) ||
          (row.state === 'failed' && !row.failure && !row.last_error) ||
          (row.state === 'skipped' && !row.last_error) ||
          ((row.state === 'pending' || row.state === 'sending') && !reconnect);
        if (silent) {
          violations.push({
            invariant: 'prompt lost silently',
            detail: `${where}: recap to ${recipient} is ${row.state}${row.state === 'sent' ? ' but was never delivered' : ''} (last error: ${row.last_error ?? 'none'})`,
          });
        }
        if (row.state === 'failed' && row.failure === 'refused' && delivered > 0) {
          prompts['failed (refused) but delivered'] = (prompts['failed (refused) but delivered'] ?? 0) + 1;
        }
      }
    }
  }

  // 3: each commitment recorded is stored, and carried into the first invite written after it (a day before its
  // meeting, the refresh), unless its organizer wrote an older block back over it (counted apart).
  const meetings = new Map<ChaosSeries, Meeting[]>();
  const meetingsOfSeries = async (series: ChaosSeries) => {
    let found = meetings.get(series);
    if (!found) {
      found = await persist(() =>
        meetingsOf(series.provider, sandboxUrl, series.organizer, series.seriesId, options.runStart),
      );
      meetings.set(series, found);
    }
    return found;
  };
  let commitmentsRevertedByPerson = 0;
  let commitmentsCarriedChecked = 0;
  for (const commitment of options.commitments) {
    if (commitment.status !== 201) continue;
    const { series, text } = commitment;
    const stored = await sql<{ status: string }>`select status from commitments where text = ${text}`.execute(db);
    // More than one row can only be the person's own retry after an instance died under their request.
    if (stored.rows.length === 0) {
      violations.push({
        invariant: 'lost commitment',
        detail: `"${text}" (${series.provider} ${series.organizer}, recorded ${commitment.at.toISOString()}): not stored`,
      });
      continue;
    }
    const next = (await meetingsOfSeries(series)).find(
      (m) => m.start.getTime() >= commitment.at.getTime() + 25 * 3600_000,
    );
    if (!next || next.start.getTime() > now.getTime() + 23 * 3600_000) continue; // no later invite refreshed yet
    commitmentsCarriedChecked += 1;
    if (next.description.includes(text)) continue;
    const personBlock = options.blocksWrittenByPerson.get(next.id);
    if (personBlock !== undefined && next.description.includes(personBlock)) {
      commitmentsRevertedByPerson += 1;
      continue;
    }
    violations.push({
      invariant: 'lost commitment',
      detail: `"${text}" (${series.provider} ${series.organizer}, recorded ${commitment.at.toISOString()}) is not in the invite of ${next.start.toISOString()}`,
    });
  }

  // 4: outside its block, each invite holds exactly its organizer's text (Google: byte for byte; Outlook, whose
  // Exchange rewrites markup: the same visible text).
  let invitesChecked = 0;
  for (const series of options.series) {
    for (const meeting of await meetingsOfSeries(series)) {
      invitesChecked += 1;
      const outside = removeBlock(meeting.description, formatOf(meeting.description));
      const allowed = [...(options.ownText.get(meeting.id) ?? new Set([0]))];
      const expected = allowed.map((v) => series.description.replace(ownText(series.tag, 0), ownText(series.tag, v)));
      const same =
        series.provider === 'google'
          ? expected.includes(outside)
          : expected.some((e) => visible(e) === visible(outside));
      if (!same) {
        violations.push({
          invariant: 'bytes changed outside block',
          detail: `${series.provider} ${series.organizer} meeting of ${meeting.start.toISOString()}: outside the block is ${JSON.stringify(series.provider === 'google' ? outside : visible(outside))}, expected one of ${JSON.stringify(series.provider === 'google' ? expected : expected.map(visible))}`,
        });
      }
    }
  }
  return {
    violations,
    prompts,
    lifecycles,
    commitmentsRevertedByPerson,
    commitmentsCarriedChecked,
    invitesChecked,
  };
}
