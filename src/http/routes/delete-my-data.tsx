import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { deletePerson } from '../../accounts/delete-person.ts';
import { displayName } from '../../core/people.ts';
import { isValidTimeZone } from '../../core/time.ts';
import { personData, type ThreadFate } from '../../db/person-data.ts';
import type { AppEnv } from '../app-deps.ts';
import { keepDisconnectNotice } from '../browser-session.ts';
import { DeleteDataPage, type RecordView } from '../views/delete-data-page.tsx';
import { PROVIDER_LABELS } from './connect.tsx';
import { browserAccount, describeOutcome, noSuchAccount } from './disconnect.tsx';

type Ctx = Context<AppEnv>;

const STATUS_WORDS = { active: 'connected', needs_reconnect: 'needs reconnecting', disconnected: 'disconnected' };

const recordView = (thread: ThreadFate): RecordView => ({
  title: thread.title,
  with: displayName({ email: thread.other.email, name: thread.other.name ?? undefined }),
});

/**
 * GET /account/delete?account={id} (one of this browser's accounts): what deleting its person's data removes and
 * what stays for the other person of each 1:1, and the button that does it. Connecting an account proved the
 * address is theirs, so the deletion covers everything under that address, across providers.
 */
export async function confirmDeleteMyData(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const account = await browserAccount(c, c.req.query('account'));
  if (!account) return noSuchAccount(c);
  const data = await personData(deps.db, account.email);
  const live = data.accounts.filter((a) => a.status !== 'disconnected');
  return c.html(
    <DeleteDataPage
      accountId={account.id}
      email={account.email}
      accounts={data.accounts.map((a) => `${PROVIDER_LABELS[a.provider]}, ${STATUS_WORDS[a.status]}`)}
      connected={live.length > 0}
      unreachable={live.some((a) => a.status !== 'active' || deps.providers?.[a.provider] === undefined)}
      privateNotes={data.privateNotes}
      feedback={data.feedback}
      goals={data.goals}
      kept={data.threads.filter((t) => t.fate === 'kept').map(recordView)}
      deleted={data.threads.filter((t) => t.fate === 'deleted').map(recordView)}
      nonce={c.get('secureHeadersNonce')}
    />,
  );
}

/**
 * POST /account/delete (form field `account`, one of this browser's): disconnects the person's accounts still
 * connected, deletes their data, and shows on the account page what was done.
 */
export async function deleteMyData(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const form = await c.req.parseBody();
  const account = await browserAccount(c, typeof form.account === 'string' ? form.account : undefined);
  if (!account) return noSuchAccount(c);
  const { disconnects, deletion } = await deletePerson(deps, deps.providers, account.email);

  const tz = getCookie(c, 'tz');
  const zone = tz && isValidTimeZone(tz) ? tz : undefined;
  const invites = disconnects.map((d) =>
    describeOutcome(d.accountId, `${account.email} (${PROVIDER_LABELS[d.provider]})`, d.outcome, zone),
  );
  const named = (threads: readonly ThreadFate[]) => threads.map((t) => `“${t.title}” with ${recordView(t).with}`);
  const kept = deletion.threads.filter((t) => t.fate === 'kept');
  const deleted = deletion.threads.filter((t) => t.fate === 'deleted');
  const details = [
    ...invites.flatMap((notice) => notice.details),
    `Deleted: ${count(deletion.accounts.length, 'account')} with ${deletion.accounts.length === 1 ? 'its' : 'their'} ` +
      `tokens, ${count(deletion.privateNotes, 'private note')}, your feedback on ${count(deletion.feedback, 'meeting')}, ` +
      `${count(deletion.goals, 'development goal')} and your personal links.`,
    ...(deleted.length > 0 ? [`Deleted whole, as nobody else had them: ${named(deleted).join('; ')}.`] : []),
    ...(kept.length > 0
      ? [`Kept for the other person, with your name replaced by “a former participant”: ${named(kept).join('; ')}.`]
      : []),
  ];
  // The account page shows the notice for an id of this browser's: the deleted account's id is still among them.
  await keepDisconnectNotice(c, {
    accountId: account.id,
    headline: `${account.email}'s data is deleted from Carryover.`,
    details,
    incomplete: invites.some((notice) => notice.incomplete),
  });
  return c.redirect(`/account?disconnected=${encodeURIComponent(account.id)}`, 303);
}

const count = (n: number, what: string) => (n === 1 ? `1 ${what}` : `${n} ${what}s`);
