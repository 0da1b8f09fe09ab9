/**
 * The manager's overview as plain data (the page and the JSON answer of `GET /overview`): every 1:1 of the accounts
 * connected in a browser, grouped by state, each with its next meeting, open commitments per person, follow-through
 * by month, last ratings (the viewer's own, the other person's only where shared) and the viewer's own agenda link.
 */
import { isOverdue } from '../core/carry-over.ts';
import { followThroughByMonth, type MonthFollowThrough } from '../core/follow-through-months.ts';
import { formatDate, formatMeetingTime, formatShortDateTime, isValidTimeZone, todayIn } from '../core/time.ts';
import { canonicalTimeZone } from '../core/time-zone-name.ts';
import type { Db } from '../db/database.ts';
import {
  commitmentsForOverview,
  nextMeetings,
  threadsOfPeople,
  visibleLastRatings,
  writingAccounts,
} from '../db/overview.ts';
import type { AccountStatus, Provider, SeriesRow } from '../db/schema.ts';
import type { Keys } from '../security/keys.ts';
import type { PersonView } from './agenda-view.ts';
import { linkToken } from './links.ts';
import { participantNames, toCommitment } from './mappers.ts';

/** How many months the follow-through chart shows, the current one included. */
export const CHART_MONTHS = 3;
/** Far enough back to hold every commitment closed in the chart's months, whatever the zone. */
const CLOSED_SINCE_DAYS = CHART_MONTHS * 31 + 2;

/** Where a 1:1 stands for Carryover. */
export type OverviewState = 'managed' | 'paused' | 'ended' | 'not-one-on-one';

/** An account connected in the browser, as the overview needs it. */
export interface OverviewAccount {
  readonly id: string;
  readonly email: string;
  readonly provider: Provider;
  readonly status: AccountStatus;
}

/** One person's open commitments in a 1:1, and how many of them are overdue. */
export interface OwnerCounts {
  readonly person: PersonView;
  readonly open: number;
  readonly overdue: number;
}

/** A rating as the overview shows it: by whom, 1–5, for which meeting (its date in the viewer's zone). */
export interface RatingView {
  readonly by: PersonView;
  readonly rating: number;
  readonly meeting: string;
}

/** One month's bar of the follow-through chart, with the month as people read it ("Nov 2026"). */
export interface MonthView extends MonthFollowThrough {
  readonly label: string;
}

/** One 1:1 of the viewer's. */
export interface OverviewItem {
  readonly id: string;
  readonly title: string;
  readonly state: OverviewState;
  /** Why it is in that state, in a sentence. */
  readonly why: string;
  /** The viewer: whichever of the browser's addresses is one of the two people. */
  readonly you: PersonView;
  readonly other: PersonView;
  /** The viewer's own agenda link for this 1:1. */
  readonly link: string;
  readonly nextMeeting: { readonly startsAt: string; readonly endsAt: string; readonly when: string } | null;
  /** The viewer's open commitments first, then the other person's. */
  readonly commitments: readonly OwnerCounts[];
  /** The last CHART_MONTHS months, oldest first. */
  readonly followThrough: readonly MonthView[];
  /** The viewer's own last rating; the other person's only if they shared it. */
  readonly ratings: { readonly yours: RatingView | null; readonly theirs: RatingView | null };
  readonly paused: { readonly at: string; readonly when: string; readonly by: PersonView | null } | null;
  /** The calendar that writes this 1:1's invites can no longer be reached: whose, and where to reconnect it. */
  readonly reconnect: { readonly email: string; readonly url: string | null } | null;
}

export interface OverviewView {
  readonly accounts: readonly { readonly id: string; readonly email: string }[];
  /** The zone times are shown in: the viewer's when known and valid; null: each 1:1's own zone. */
  readonly timeZone: string | null;
  readonly groups: {
    readonly managed: readonly OverviewItem[];
    readonly paused: readonly OverviewItem[];
    readonly ended: readonly OverviewItem[];
    readonly notOneOnOne: readonly OverviewItem[];
  };
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11" → "Nov 2026". */
const monthLabel = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;

/** Where a thread stands: its status first (an ended thread is ended, paused or not), then whether it is paused. */
export function overviewState(series: Pick<SeriesRow, 'status' | 'paused_at'>): OverviewState {
  if (series.status === 'ended') return 'ended';
  if (series.status === 'not_one_on_one') return 'not-one-on-one';
  return series.paused_at !== null ? 'paused' : 'managed';
}

/** The reconnect link of an account, as the account page gives it. */
export const reconnectUrl = (account: Pick<OverviewAccount, 'provider' | 'email'>) =>
  `/connect/${account.provider}?login_hint=${encodeURIComponent(account.email)}`;

/** Builds the overview of the 1:1s of `accounts` (the browser's, most recent first) as of `now`. */
export async function loadOverview(
  deps: { readonly db: Db; readonly keys: Keys },
  accounts: readonly OverviewAccount[],
  now: Date,
  viewerTimeZone?: string | undefined,
): Promise<OverviewView> {
  const { db, keys } = deps;
  const emails = [...new Set(accounts.map((account) => account.email))];
  const threads = await threadsOfPeople(db, emails);
  const ids = threads.map((thread) => thread.id);
  const closedSince = new Date(now.getTime() - CLOSED_SINCE_DAYS * 86_400_000);
  const [commitments, meetings, ratings, writers] = await Promise.all([
    commitmentsForOverview(db, ids, closedSince),
    nextMeetings(db, ids, now),
    visibleLastRatings(db, ids, emails),
    writingAccounts(db, ids),
  ]);
  const viewerZone = viewerTimeZone && isValidTimeZone(viewerTimeZone) ? canonicalTimeZone(viewerTimeZone) : null;
  const browserAccountIds = new Set(accounts.map((account) => account.id));

  const items: OverviewItem[] = [];
  for (const series of threads) {
    const zone = viewerZone ?? series.time_zone;
    const names = participantNames(series);
    const person = (email: string): PersonView => ({ email, name: names.get(email) ?? email });
    const youEmail = emails.find((email) => email === series.organizer_email || email === series.attendee_email)!;
    const otherEmail = youEmail === series.organizer_email ? series.attendee_email : series.organizer_email;
    const own = commitments.filter((c) => c.series_id === series.id).map(toCommitment);
    const open = (email: string): OwnerCounts => {
      const mine = own.filter((c) => c.owner === email && c.status === 'open');
      const overdue = mine.filter((c) => isOverdue(c, series.time_zone, now)).length;
      return { person: person(email), open: mine.length, overdue };
    };
    const rating = (email: string, sharedOnly: boolean): RatingView | null => {
      const row = ratings.find((r) => r.series_id === series.id && r.author_email === email);
      // The query reads others' ratings only where shared; checked again here, as the rule that matters most.
      if (!row || row.rating === null || (sharedOnly && !row.shared)) return null;
      return { by: person(email), rating: row.rating, meeting: formatDate(todayIn(row.starts_at, zone)) };
    };
    const next = meetings.find((m) => m.series_id === series.id);
    const stuck = writers.find((w) => w.series_id === series.id && w.status === 'needs_reconnect');
    const state = overviewState(series);
    const pausedBy = series.paused_by ? person(series.paused_by) : null;
    items.push({
      id: series.id,
      title: series.title,
      state,
      why: whyText(series, state, person(otherEmail), pausedBy?.email === youEmail ? 'you' : pausedBy?.name, zone),
      you: person(youEmail),
      other: person(otherEmail),
      link: `/a/${await linkToken(db, keys, series.id, youEmail)}`,
      nextMeeting: next
        ? {
            startsAt: next.starts_at.toISOString(),
            endsAt: next.ends_at.toISOString(),
            when: formatMeetingTime(next.starts_at, next.ends_at, zone),
          }
        : null,
      commitments: [open(youEmail), open(otherEmail)],
      followThrough: followThroughByMonth(own, now, series.time_zone, CHART_MONTHS).map((month) => ({
        ...month,
        label: monthLabel(month.month),
      })),
      ratings: { yours: rating(youEmail, false), theirs: rating(otherEmail, true) },
      paused: series.paused_at
        ? {
            at: series.paused_at.toISOString(),
            when: formatShortDateTime(series.paused_at, zone),
            by: pausedBy,
          }
        : null,
      reconnect: stuck
        ? { email: stuck.email, url: browserAccountIds.has(stuck.account_id) ? reconnectUrl(stuck) : null }
        : null,
    });
  }
  const of = (state: OverviewState) => items.filter((item) => item.state === state);
  return {
    accounts: accounts.map((account) => ({ id: account.id, email: account.email })),
    timeZone: viewerZone,
    groups: {
      managed: of('managed'),
      paused: of('paused'),
      ended: of('ended'),
      notOneOnOne: of('not-one-on-one'),
    },
  };
}

/** Why a 1:1 is where it is, in a sentence (the stored reason where Carryover recorded one). */
function whyText(
  series: SeriesRow,
  state: OverviewState,
  other: PersonView,
  pausedBy: string | undefined,
  zone: string,
): string {
  switch (state) {
    case 'managed':
      return `Managed: recurring, with two people: you and ${other.name} (rooms aside).`;
    case 'paused': {
      const since = series.paused_at ? ` since ${formatShortDateTime(series.paused_at, zone)}` : '';
      return `Paused${since}${pausedBy ? ` by ${pausedBy}` : ''}.`;
    }
    // Stored reasons are clauses ("more than two people are invited now"), as the agenda page shows them.
    case 'ended':
      return series.status_reason ? `Ended: ${series.status_reason}.` : 'Ended.';
    case 'not-one-on-one':
      return `Not taken as a 1:1${series.status_reason ? `: ${series.status_reason}` : ''}.`;
  }
}
