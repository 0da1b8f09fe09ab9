import { Layout } from './layout.tsx';

/** A 1:1 record named on the page: its title and the other person. */
export interface RecordView {
  readonly title: string;
  /** The other person's name. */
  readonly with: string;
}

export interface DeleteDataPageProps {
  /** The account the person asked from (one of this browser's): the form names it. */
  readonly accountId: string;
  readonly email: string;
  /** Every account of this address, e.g. "Google Calendar, connected". */
  readonly accounts: readonly string[];
  /** Whether some account is still connected (it is disconnected first). */
  readonly connected: boolean;
  /** A connected account Carryover can no longer write to: its invites keep the agenda block. */
  readonly unreachable: boolean;
  readonly privateNotes: number;
  /** Their ratings of meetings and answers to the feedback questions. */
  readonly feedback: number;
  /** Development goals they own. */
  readonly goals: number;
  /** Records that stay for the other person, without the leaving person's identity. */
  readonly kept: readonly RecordView[];
  /** Records nobody else has: deleted whole. */
  readonly deleted: readonly RecordView[];
  readonly nonce?: string | undefined;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/**
 * Asks before deleting a person's data, naming exactly what goes and what stays for the other person of each 1:1;
 * the form posts to /account/delete.
 */
export function DeleteDataPage(props: DeleteDataPageProps) {
  const { email, accounts, connected, unreachable, privateNotes, feedback, goals, kept, deleted, nonce } = props;
  return (
    <Layout title={`Delete ${email}'s data?`} nonce={nonce}>
      <h1>Delete {email}'s data?</h1>
      <p>This cannot be undone. Carryover deletes:</p>
      <ul>
        <li>
          Your {accounts.length === 1 ? 'account' : 'accounts'} here ({accounts.join('; ')}) and the access tokens
          Carryover kept, sealed, for {accounts.length === 1 ? 'it' : 'them'}.
          {connected
            ? ' It is disconnected first: the agenda block is taken off upcoming invites, and its access to your calendar and mailbox is revoked.'
            : ''}
        </li>
        <li>
          What Carryover found in your calendar: the recurring 1:1s it followed and its watch on the calendar. Your
          calendar and its events are not touched, apart from the agenda block.
        </li>
        <li>Your private notes ({plural(privateNotes, 'note', 'notes')}).</li>
        <li>
          Your feedback on meetings: ratings and answers ({plural(feedback, 'meeting rated', 'meetings rated')}), shared
          or not.
        </li>
        <li>Your development goals, with their milestones and record ({plural(goals, 'goal', 'goals')}).</li>
        <li>Your personal agenda links: they stop working, including those in emails you were sent.</li>
        <li>The record of the emails Carryover sent you after meetings.</li>
        {deleted.length > 0 ? (
          <li>
            {deleted.length === 1 ? 'This 1:1 record' : 'These 1:1 records'}, which never reached the other person,
            whole: <RecordList records={deleted} />
          </li>
        ) : null}
      </ul>
      <h2>What stays</h2>
      <ul>
        {kept.length > 0 ? (
          <li>
            {kept.length === 1 ? 'This 1:1 record is' : 'These 1:1 records are'} also the other person's: the agendas,
            talking points, commitments, shared notes, history and follow-through stay for them, their own private notes
            too. Your name and address in {kept.length === 1 ? 'it are' : 'them are'} replaced by “a former
            participant”, the record ends, and the shared link in the invite stops working:{' '}
            <RecordList records={kept} />
          </li>
        ) : null}
        {kept.length > 0 ? (
          <li>
            What you wrote in {kept.length === 1 ? 'it' : 'them'} stays as written (a talking point's text, the shared
            notes, the meeting's title): change it first if it should not stay.
          </li>
        ) : null}
        <li>
          Copies outside Carryover: emails already sent, your calendar's events, and backups of Carryover's database
          until they are replaced.
        </li>
        <li>
          A keyed digest of your address, from which the address cannot be read: so that a 1:1 someone keeps inviting
          you to is not followed again, and nobody prompts you. Connecting a calendar of yours again removes it.
        </li>
      </ul>
      {unreachable ? (
        <div role="alert" class="alert">
          <p>
            <b>
              Carryover can no longer reach a calendar of yours, so it cannot take the agenda block off its upcoming
              invites.
            </b>{' '}
            Their links stop working all the same. To have the block removed, reconnect first; or delete it from the
            invites yourself.
          </p>
        </div>
      ) : null}
      <form method="post" action="/account/delete">
        <input type="hidden" name="account" value={props.accountId} />
        <button type="submit" class="primary">
          Delete my data
        </button>
      </form>
      <p>
        <a href="/account">Cancel</a>
      </p>
    </Layout>
  );
}

function RecordList({ records }: { readonly records: readonly RecordView[] }) {
  return (
    <ul>
      {records.map((r) => (
        <li>
          “{r.title}” with {r.with}
        </li>
      ))}
    </ul>
  );
}
