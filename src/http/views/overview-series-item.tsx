import type { OverviewItem, OwnerCounts, RatingView } from '../../agenda/overview-view.ts';
import { FollowThroughChart } from './follow-through-chart.tsx';

/** A confirmation shown next to the 1:1 a pause or resume changed (the redirect's fragment focuses it). */
export interface OverviewNotice {
  readonly seriesId: string;
  readonly text: string;
}

/** "2 open, 1 overdue" / "none open", for one person. */
function openText(counts: OwnerCounts): string {
  if (counts.open === 0) return 'none open';
  return `${counts.open} open${counts.overdue > 0 ? `, ${counts.overdue} overdue` : ''}`;
}

const ratingText = (rating: RatingView | null, none: string) =>
  rating ? `${rating.rating} of 5 (meeting of ${rating.meeting})` : none;

/**
 * One 1:1 on the overview: who with, why it is where it is, its next meeting, open commitments per person, last
 * ratings, follow-through by month, the viewer's own agenda link and the pause or resume button (naming the 1:1).
 */
export function OverviewSeriesItem({
  item,
  name,
  notice,
}: {
  readonly item: OverviewItem;
  /** What the buttons and links call this 1:1: its title, with the other person when another 1:1 has that title. */
  readonly name: string;
  readonly notice?: OverviewNotice | undefined;
}) {
  const headingId = `series-${item.id}-title`;
  const [yours, theirs] = item.commitments;
  return (
    <li id={`series-${item.id}`} class="overview-item">
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>
          {item.title} <span class="muted">with {item.other.name}</span>
        </h3>
        {notice ? (
          <p id={`series-${item.id}-notice`} class="status" role="status" tabindex={-1}>
            {notice.text}
          </p>
        ) : null}
        <p>{item.why}</p>
        {item.reconnect ? (
          <div class="alert" role="alert">
            <p>
              <b>Carryover can no longer reach the calendar of {item.reconnect.email}.</b> Until it is reconnected, this
              1:1's invites are not updated and no emails are sent.
            </p>
            {item.reconnect.url ? (
              <p>
                <a href={item.reconnect.url}>Reconnect {item.reconnect.email}</a>
              </p>
            ) : null}
          </div>
        ) : null}
        <dl class="overview-facts">
          <dt>Next meeting</dt>
          <dd>{item.nextMeeting ? item.nextMeeting.when : 'none planned'}</dd>
          {yours ? (
            <>
              <dt>Your commitments</dt>
              <dd>{openText(yours)}</dd>
            </>
          ) : null}
          {theirs ? (
            <>
              <dt>{theirs.person.name}'s commitments</dt>
              <dd>{openText(theirs)}</dd>
            </>
          ) : null}
          <dt>Your last rating</dt>
          <dd>{ratingText(item.ratings.yours, 'none yet')}</dd>
          <dt>{item.other.name}'s last shared rating</dt>
          <dd>{ratingText(item.ratings.theirs, 'none shared')}</dd>
        </dl>
        <FollowThroughChart months={item.followThrough} title={name} />
        <div class="actions">
          <a href={item.link}>Your agenda for {name}</a>
          {item.state === 'managed' ? (
            <form method="post" action={`/overview/series/${item.id}/pause`}>
              <button type="submit">Pause {name}</button>
            </form>
          ) : item.paused ? (
            <form method="post" action={`/overview/series/${item.id}/resume`}>
              <button type="submit">Resume {name}</button>
            </form>
          ) : null}
        </div>
      </article>
    </li>
  );
}
