import { isValidTimeZone } from '../core/time.ts';
import type { Person } from '../core/types.ts';
import type { Db } from '../db/database.ts';
import { upsertOccurrence } from '../db/occurrences.ts';
import type { OccurrenceRow, OccurrenceStatus, SeriesKind, SeriesRow } from '../db/schema.ts';
import { insertSeries } from '../db/series.ts';
import type { Keys } from '../security/keys.ts';
import { createSeriesLinks, type SeriesLinks } from './links.ts';
import { invalid, type Outcome, success } from './outcome.ts';

export interface NewSeriesInput {
  readonly title: string;
  readonly organizer: Person;
  readonly attendee: Person;
  /** IANA zone, e.g. Europe/Berlin. */
  readonly timeZone: string;
  readonly occurrences: readonly { startsAt: Date; endsAt: Date; status?: OccurrenceStatus }[];
  /** 'demo' for the sample 1:1; default 'calendar'. */
  readonly kind?: SeriesKind | undefined;
}

export interface CreatedSeries {
  readonly series: SeriesRow;
  readonly links: SeriesLinks;
  readonly occurrences: readonly OccurrenceRow[];
}

/**
 * Records a 1:1 series with its occurrences and links, in one transaction. Providers call this when they first see
 * a recurring 1:1; the demo and tests call it directly.
 */
export async function createSeries(db: Db, keys: Keys, input: NewSeriesInput): Promise<Outcome<CreatedSeries>> {
  if (!isValidTimeZone(input.timeZone)) {
    return invalid('timeZone', `"${input.timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  const organizer = input.organizer.email.trim().toLowerCase();
  const attendee = input.attendee.email.trim().toLowerCase();
  if (organizer === attendee) return invalid('attendee', 'a 1:1 needs two different people');
  for (const occurrence of input.occurrences) {
    if (!(occurrence.endsAt > occurrence.startsAt))
      return invalid('occurrences', 'an occurrence must end after it starts');
  }
  return db.transaction().execute(async (trx) => {
    const series = await insertSeries(trx, {
      title: input.title,
      organizer_email: organizer,
      organizer_name: input.organizer.name ?? null,
      attendee_email: attendee,
      attendee_name: input.attendee.name ?? null,
      time_zone: input.timeZone,
      kind: input.kind ?? 'calendar',
    });
    const links = await createSeriesLinks(trx, keys, series);
    const occurrences: OccurrenceRow[] = [];
    for (const occurrence of input.occurrences) {
      occurrences.push(
        await upsertOccurrence(trx, {
          series_id: series.id,
          original_start: occurrence.startsAt,
          starts_at: occurrence.startsAt,
          ends_at: occurrence.endsAt,
          status: occurrence.status ?? 'scheduled',
        }),
      );
    }
    return success({ series, links, occurrences });
  });
}
