import { Layout } from './layout.tsx';

export interface AccountSeriesView {
  readonly title: string;
  readonly attendee: string;
  /** The organizer's own agenda link for this 1:1. */
  readonly link: string;
  readonly status: string;
}

export interface AccountView {
  readonly email: string;
  readonly provider: string;
  readonly status: 'active' | 'needs_reconnect' | 'disconnected';
  readonly statusReason: string | null;
  readonly lastSyncedAt: string | null;
  readonly watching: boolean;
  readonly series: readonly AccountSeriesView[];
}

export interface AccountPageProps {
  readonly account: AccountView | null;
  /** Providers that can be connected on this deployment. */
  readonly connectable: readonly { readonly id: string; readonly label: string }[];
  readonly nonce?: string | undefined;
}

/** The connected person's page: their account's health, the 1:1s found, connect / reconnect / disconnect. */
export function AccountPage({ account, connectable, nonce }: AccountPageProps) {
  return (
    <Layout title="Your calendar" nonce={nonce}>
      <h1>Your calendar</h1>
      {account ? (
        <section aria-labelledby="account-title">
          <h2 id="account-title">
            {account.email} <span class="muted">({account.provider})</span>
          </h2>
          {account.status === 'needs_reconnect' ? (
            <div role="alert" class="error">
              <p>
                <b>Carryover can no longer reach this calendar.</b> {account.statusReason ?? ''} Until you reconnect, no
                agendas are updated and no prompts are sent.
              </p>
              <p>
                <a href={`/connect/${account.provider}?login_hint=${encodeURIComponent(account.email)}`}>Reconnect</a>
              </p>
            </div>
          ) : account.status === 'disconnected' ? (
            <p>This account is disconnected.</p>
          ) : (
            <p>
              Connected. {account.watching ? 'Watching for changes.' : 'Checking for changes every minute.'}{' '}
              {account.lastSyncedAt ? `Last checked ${account.lastSyncedAt}.` : 'First check under way.'}
            </p>
          )}
          <h3>Your recurring 1:1s</h3>
          {account.series.length === 0 ? (
            <p class="muted">
              None found yet. Carryover picks up recurring meetings you organize with exactly one other person.
            </p>
          ) : (
            <ul>
              {account.series.map((s) => (
                <li>
                  <a href={s.link}>{s.title}</a> with {s.attendee}
                  {s.status !== 'active' ? <span class="muted"> ({s.status.replaceAll('_', ' ')})</span> : null}
                </li>
              ))}
            </ul>
          )}
          {account.status !== 'disconnected' ? (
            <form method="post" action="/disconnect">
              <button type="submit">Disconnect {account.email}</button>
            </form>
          ) : null}
        </section>
      ) : (
        <p>Connect the calendar you organize your 1:1s in.</p>
      )}
      <ul>
        {connectable.map((p) => (
          <li>
            <a href={`/connect/${p.id}`}>Connect {p.label}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
