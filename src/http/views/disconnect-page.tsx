import { Layout } from './layout.tsx';

export interface DisconnectPageProps {
  readonly account: { readonly id: string; readonly email: string; readonly providerLabel: string };
  /** How many 1:1s Carryover is still looking after in this calendar. */
  readonly seriesCount: number;
  /** Whether Carryover can still write to the calendar (not when it needs reconnecting). */
  readonly canWrite: boolean;
  readonly nonce?: string | undefined;
}

const oneOnOnes = (n: number) => (n === 1 ? '1 recurring 1:1' : `${n} recurring 1:1s`);

/** Asks before disconnecting an account, saying plainly what will happen; the form posts to /disconnect. */
export function DisconnectPage({ account, seriesCount, canWrite, nonce }: DisconnectPageProps) {
  return (
    <Layout title={`Disconnect ${account.email}?`} nonce={nonce}>
      <h1>Disconnect {account.email}?</h1>
      <p>
        Carryover will stop working with this {account.providerLabel} calendar
        {seriesCount > 0 ? ` and its ${oneOnOnes(seriesCount)}` : ''}:
      </p>
      <ul>
        {canWrite ? (
          <li>The agenda block is taken off the upcoming invites. Everything else in them stays exactly as it is.</li>
        ) : null}
        <li>No more emails are sent after these meetings.</li>
        <li>The agendas, commitments and history are kept: connect again and they pick up where they left off.</li>
        <li>Carryover's access to the calendar and mailbox is revoked, and the tokens it kept are deleted.</li>
      </ul>
      {canWrite ? null : (
        <div role="alert" class="alert">
          <p>
            <b>Carryover can no longer reach this calendar, so it cannot take the agenda block off upcoming invites.</b>{' '}
            They keep the block they have, never updated again. To have it removed, reconnect first, then disconnect; or
            delete it from the invites yourself.
          </p>
        </div>
      )}
      <form method="post" action="/disconnect">
        <input type="hidden" name="account" value={account.id} />
        <button type="submit" class="primary">
          Disconnect {account.email}
        </button>
      </form>
      <p>
        <a href="/account">Cancel</a>
      </p>
    </Layout>
  );
}
