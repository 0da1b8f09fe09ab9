import type { OverviewItem, OverviewView } from '../../agenda/overview-view.ts';
import { Layout } from './layout.tsx';
import { type OverviewNotice, OverviewSeriesItem } from './overview-series-item.tsx';

export type { OverviewNotice } from './overview-series-item.tsx';

export interface OverviewPageProps {
  readonly view: OverviewView;
  readonly notice?: OverviewNotice | undefined;
  readonly nonce?: string | undefined;
}

/** The groups in the order a manager reads them, each with what it means. */
const GROUPS = [
  {
    key: 'managed',
    id: 'managed',
    title: 'Managed',
    intro:
      'Carryover keeps the agenda in the next invite and emails you both a reminder before and a recap after each meeting.',
  },
  {
    key: 'paused',
    id: 'paused',
    title: 'Paused',
    intro:
      'While a 1:1 is paused, Carryover writes nothing to its invites and sends no email for it; the agenda link keeps working. ' +
      'The next invite keeps the agenda block it had: changing an invite sends the other person an update, so pausing does not touch it. ' +
      'Emails of meetings held while paused show as not sent on the agenda. Resuming brings the next invite up to date.',
  },
  {
    key: 'ended',
    id: 'ended',
    title: 'Ended',
    intro: 'Their history stays readable through your agenda link.',
  },
  {
    key: 'notOneOnOne',
    id: 'not-one-on-one',
    title: 'Not taken as a 1:1',
    intro: 'Recurring meetings Carryover found but leaves alone, and why.',
  },
] as const;

/** What each 1:1 is called on its buttons: its title, or its title and the other person when titles repeat. */
function namesOf(items: readonly OverviewItem[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const item of items) count.set(item.title, (count.get(item.title) ?? 0) + 1);
  return new Map(
    items.map((item) => [
      item.id,
      (count.get(item.title) ?? 0) > 1 ? `${item.title} with ${item.other.name}` : item.title,
    ]),
  );
}

/**
 * The manager's overview: the 1:1s of every calendar connected in this browser, grouped by state — managed, paused,
 * ended, not taken as a 1:1 — each with what a manager checks before the week. With no calendar connected in this
 * browser, it says to connect one first.
 */
export function OverviewPage({ view, notice, nonce }: OverviewPageProps) {
  if (view.accounts.length === 0) {
    return (
      <Layout title="Your 1:1s" nonce={nonce}>
        <h1>Your 1:1s</h1>
        <p>Connect a calendar first: the overview lists the 1:1s of the calendars connected in this browser.</p>
        <p>
          <a href="/">Connect your calendar</a>
        </p>
      </Layout>
    );
  }
  const all = Object.values(view.groups).flat();
  const names = namesOf(all);
  return (
    <Layout title="Your 1:1s" nonce={nonce}>
      <h1>Your 1:1s</h1>
      <p>
        The 1:1s of {view.accounts.map((account) => account.email).join(', ')}.{' '}
        {view.timeZone ? `Times in ${view.timeZone}.` : "Times in each 1:1's own time zone."}
      </p>
      <nav aria-label="Overview">
        <a href="/account">Your calendars</a>
      </nav>
      {all.length === 0 ? (
        <p class="muted">No 1:1s found yet. Carryover picks up recurring meetings with exactly one other person.</p>
      ) : null}
      {GROUPS.map((group) => {
        const items = view.groups[group.key];
        return (
          <section id={group.id} aria-labelledby={`${group.id}-title`}>
            <h2 id={`${group.id}-title`}>
              {group.title} <span class="muted">({items.length})</span>
            </h2>
            <p class="muted">{group.intro}</p>
            {items.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul class="plain">
                {items.map((item) => (
                  <OverviewSeriesItem
                    item={item}
                    name={names.get(item.id) ?? item.title}
                    notice={notice?.seriesId === item.id ? notice : undefined}
                  />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
