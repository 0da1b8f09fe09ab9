import type { Provider } from '../../db/schema.ts';
import { PROVIDER_LABELS } from '../routes/connect.tsx';
import { Layout } from './layout.tsx';

export interface HomePageProps {
  /** Sandbox mode: no real provider is connected, so anyone may create a demo 1:1 to try the agenda. */
  readonly sandbox: boolean;
  /**
   * The providers this deployment can connect (`deps.providers`): only which ones are set up is read, so the page
   * never offers a button that ends on "not available".
   */
  readonly providers?: Readonly<Partial<Record<Provider, unknown>>> | undefined;
  readonly nonce?: string | undefined;
}

/**
 * The way in: what Carryover is, connecting a calendar (only the providers set up here), what happens once it is
 * connected — what goes into invites, which emails go out, who sees what — and in sandbox mode a demo 1:1.
 */
export function HomePage({ sandbox, providers, nonce }: HomePageProps) {
  const connectable = (Object.keys(PROVIDER_LABELS) as Provider[]).filter((id) => providers?.[id] !== undefined);
  return (
    <Layout title="Recurring 1:1s that carry forward" nonce={nonce}>
      <h1>Carryover</h1>
      <p>
        Carryover puts a living agenda into the calendar invite of your recurring manager–report 1:1. After each meeting
        it asks both people what was decided, and records the commitments: what, who and by when. Anything unfinished
        carries into the next 1:1, so nothing agreed quietly disappears.
      </p>
      <section id="connect" aria-labelledby="connect-title">
        <h2 id="connect-title">Connect your calendar</h2>
        {connectable.length > 0 ? (
          <>
            <p>
              Connect the calendar you organize your 1:1s in. Carryover looks for recurring meetings with exactly one
              other person; meetings with more people are left alone.
            </p>
            <ul class="plain">
              {connectable.map((id) => (
                <li>
                  <a href={`/connect/${id}`}>Connect {PROVIDER_LABELS[id]}</a>
                </li>
              ))}
            </ul>
            {sandbox ? (
              <p class="muted">In this sandbox, connecting signs in to an emulated account, not a real one.</p>
            ) : null}
          </>
        ) : (
          <p>
            No calendar provider is set up on this Carryover yet. Whoever runs it adds a Google or Microsoft app's
            credentials to its settings.
          </p>
        )}
        <p>
          Already connected? <a href="/account">Your connected calendars</a> lists the 1:1s found, and lets you
          reconnect, disconnect or delete your data.
        </p>
      </section>
      {sandbox ? (
        <section id="demo" aria-labelledby="demo-title">
          <h2 id="demo-title">Try it</h2>
          <p>
            This creates a sample weekly 1:1 between a manager and a report, with past meetings (their talking points
            and commitments) and upcoming ones, and opens the manager's agenda.
          </p>
          <form method="post" action="/demo">
            <button type="submit" class="primary">
              Create a demo 1:1
            </button>
          </form>
          <p class="muted">
            This is a sandbox: no real calendar or inbox is connected, and nothing leaves this machine.
          </p>
        </section>
      ) : null}
      <section id="next" aria-labelledby="next-title">
        <h2 id="next-title">What happens next</h2>
        <ul class="items">
          <li>
            <strong>In the invite.</strong> Carryover adds one short block to the next meeting of each 1:1: a link to
            the shared agenda and the commitments still open. It changes nothing else in the invite, and rewrites the
            block sparingly, since a change to an invite can notify the other person.
          </li>
          <li>
            <strong>By email.</strong> Before each meeting, both of you get a reminder with the agenda so far. After
            each meeting, both of you get an email, sent from the organizer's mailbox, recapping it and asking what you
            agreed, with a link of your own to record it.
          </li>
          <li>
            <strong>Who sees what.</strong> The link in the invite opens the shared agenda to anyone who can see the
            invite: talking points, notes and commitments. The link in your email is yours alone: it also opens your
            private notes, which only you ever see.
          </li>
        </ul>
      </section>
    </Layout>
  );
}
