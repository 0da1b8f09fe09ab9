import { Layout } from './layout.tsx';

export interface HomePageProps {
  /** Sandbox mode: no real provider is connected, so anyone may create a demo 1:1 to try the agenda. */
  readonly sandbox: boolean;
  readonly nonce?: string | undefined;
}

/** What Carryover is, and in sandbox mode a way to try it with a demo 1:1. */
export function HomePage({ sandbox, nonce }: HomePageProps) {
  return (
    <Layout title="Recurring 1:1s that carry forward" nonce={nonce}>
      <h1>Carryover</h1>
      <p>
        Carryover puts a living agenda into the calendar invite of your recurring manager–report 1:1. After each meeting
        it asks both people what was decided, and records the commitments: what, who and by when. Anything unfinished
        carries into the next 1:1, so nothing agreed quietly disappears.
      </p>
      {sandbox ? (
        <section aria-labelledby="demo-title">
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
    </Layout>
  );
}
