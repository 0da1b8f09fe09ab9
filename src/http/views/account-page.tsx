import { Layout } from './layout.tsx';
import { AllowForm, type MissingPermissionView } from './permissions-page.tsx';

export interface AccountSeriesView {
  readonly title: string;
  readonly attendee: string;
  /** The account owner's own agenda link for this 1:1. */
  readonly link: string;
  readonly status: string;
}

/** A prompt that did not (certainly) go out from this account, with the action a person can take. */
export interface UnsettledPromptView {
  readonly id: string;
  readonly state: 'failed' | 'ambiguous';
  /** One sentence: which email (reminder or recap, to whom, for which meeting), and what is known about it. */
  readonly text: string;
}

/** Work that gave up after its tries, with the action a person can take. */
export interface DeadJobView {
  readonly id: string;
  readonly text: string;
}

export interface AccountView {
  readonly id: string;
  readonly email: string;
  readonly provider: string;
  /** The provider as people know it, e.g. "Google Calendar". */
  readonly providerLabel: string;
  readonly status: 'active' | 'needs_reconnect' | 'disconnected';
  readonly statusReason: string | null;
  readonly lastSyncedAt: string | null;
  readonly watching: boolean;
  readonly series: readonly AccountSeriesView[];
  /** Prompts from this mailbox that failed or may not have gone out. */
  readonly prompts: readonly UnsettledPromptView[];
  /** Work for this account that gave up. */
  readonly deadJobs: readonly DeadJobView[];
  /** Permissions the person left unticked when connecting (Google's granular consent); the account waits for them. */
  readonly missingPermissions?: readonly MissingPermissionView[] | undefined;
  /** What a person should know about how its calendars are read (a first read done in parts). */
  readonly syncNotes?: readonly string[] | undefined;
}

/** What a disconnect just did, shown at the top of the page. */
export interface AccountNotice {
  readonly headline: string;
  readonly details: readonly string[];
  /** Some invites still show the agenda block: shown as an alert. */
  readonly incomplete: boolean;
}

export interface AccountPageProps {
  /** The accounts connected in this browser, most recent first. */
  readonly accounts: readonly AccountView[];
  /** Providers that can be connected on this deployment. */
  readonly connectable: readonly { readonly id: string; readonly label: string }[];
  readonly notice?: AccountNotice | undefined;
  readonly nonce?: string | undefined;
}

const connectAgain = (account: AccountView) =>
  `/connect/${account.provider}?login_hint=${encodeURIComponent(account.email)}`;

/** The accounts connected in this browser: each one's health, the 1:1s found, reconnect / disconnect; connect more. */
export function AccountPage({ accounts, connectable, notice, nonce }: AccountPageProps) {
  return (
    <Layout title="Your calendars" nonce={nonce}>
      <h1>Your calendars</h1>
      {notice ? (
        <div role={notice.incomplete ? 'alert' : 'status'} class={notice.incomplete ? 'alert' : 'status'}>
          <p>
            <b>{notice.headline}</b>
          </p>
          {notice.details.map((detail) => (
            <p>{detail}</p>
          ))}
        </div>
      ) : null}
      {accounts.length === 0 ? (
        <p>Connect the calendar you organize your 1:1s in.</p>
      ) : (
        <p>
          <a href="/overview">Overview of your 1:1s</a>: their next meetings, open commitments and follow-through; pause
          or resume one.
        </p>
      )}
      {accounts.map((account, index) => (
        <AccountSection account={account} headingId={`account-${index + 1}`} />
      ))}
      <h2>Connect {accounts.length === 0 ? 'a calendar' : 'another calendar'}</h2>
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

function AccountSection({ account, headingId }: { readonly account: AccountView; readonly headingId: string }) {
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        {account.email} <span class="muted">({account.providerLabel})</span>
      </h2>
      {account.status === 'needs_reconnect' && (account.missingPermissions?.length ?? 0) > 0 ? (
        <MissingPermissions account={account} missing={account.missingPermissions ?? []} />
      ) : account.status === 'needs_reconnect' ? (
        <div role="alert" class="alert">
          <p>
            <b>Carryover can no longer reach this calendar.</b> {account.statusReason ?? ''} Until you reconnect, no
            agendas are updated and no prompts are sent.
          </p>
          <p>
            <a href={connectAgain(account)}>Reconnect</a>
          </p>
        </div>
      ) : account.status === 'disconnected' ? (
        <p>
          Disconnected: nothing is written to this calendar and no prompts are sent.{' '}
          <a href={connectAgain(account)}>Connect again</a>
        </p>
      ) : (
        <p>
          Connected. {account.watching ? 'Watching for changes.' : 'Checking for changes every minute.'}{' '}
          {account.lastSyncedAt ? `Last checked ${account.lastSyncedAt}.` : 'First check under way.'}
          {(account.syncNotes ?? []).map((note) => ` ${note}`)}
        </p>
      )}
      {account.prompts.length > 0 || account.deadJobs.length > 0 ? (
        <div role="alert" class="alert">
          <h3>Needs your attention</h3>
          <ul>
            {account.prompts.map((prompt) => (
              <li>
                {prompt.text}
                <form method="post" action={`/account/prompts/${prompt.id}/resend`}>
                  <button type="submit">Send again</button>
                </form>
              </li>
            ))}
            {account.deadJobs.map((job) => (
              <li>
                {job.text}
                <form method="post" action={`/account/jobs/${job.id}/retry`}>
                  <button type="submit">Try again</button>
                </form>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>Recurring 1:1s in this calendar</h3>
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
        <p>
          <a href={`/disconnect?account=${encodeURIComponent(account.id)}`}>Disconnect {account.email}…</a>
        </p>
      ) : null}
      <p>
        <a href={`/account/delete?account=${encodeURIComponent(account.id)}`}>Delete {account.email}'s data…</a>
      </p>
    </section>
  );
}

/** An account waiting for permissions the person did not allow: which, what they cost, and the button to allow them. */
function MissingPermissions({
  account,
  missing,
}: {
  readonly account: AccountView;
  readonly missing: readonly MissingPermissionView[];
}) {
  return (
    <div role="alert" class="alert">
      <p>
        <b>Carryover is waiting for {missing.length === 1 ? 'a permission' : 'permissions'} you did not allow.</b> Until
        then, no agendas are updated and no prompts are sent.
      </p>
      <ul class="items">
        {missing.map((m) => (
          <li>
            <b>“{m.permission}”</b> — {m.consequence}
          </li>
        ))}
      </ul>
      <AllowForm
        connectPath={`/connect/${account.provider}`}
        email={account.email}
        label={`Allow ${missing.length === 1 ? 'it' : 'them'} in ${account.providerLabel}`}
      />
    </div>
  );
}
