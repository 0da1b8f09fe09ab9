import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { type DisconnectOutcome, disconnectAccount } from '../../accounts/connect-account.ts';
import { formatMeetingTime, isValidTimeZone } from '../../core/time.ts';
import { findAccount } from '../../db/accounts.ts';
import { releasableSources } from '../../db/series-sources.ts';
import type { ReleaseFailure } from '../../lifecycle/release-source.ts';
import type { ProviderErrorKind } from '../../providers/provider-error.ts';
import type { AppEnv } from '../app-deps.ts';
import { browserAccountIds, type DisconnectNotice, keepDisconnectNotice } from '../browser-session.ts';
import { messageResponse } from '../message-response.tsx';
import { DisconnectPage } from '../views/disconnect-page.tsx';
import { MessagePage } from '../views/message-page.tsx';
import { PROVIDER_LABELS } from './connect.tsx';

type Ctx = Context<AppEnv>;

/** Failed invites named one by one on the notice; past this many, the rest are counted. */
const NAMED_FAILURES = 5;

/** The account `id` names, only when it is one of this browser's: nobody can disconnect someone else's calendar. */
export async function browserAccount(c: Ctx, id: string | undefined) {
  if (!id || !(await browserAccountIds(c)).includes(id)) return undefined;
  return findAccount(c.get('deps').db, id);
}

// Not the generic 404 page: its hint is about agenda links.
export const noSuchAccount = (c: Ctx) =>
  c.html(
    <MessagePage
      title="Not found"
      message="No such account is connected in this browser. Your account page lists the ones that are."
      nonce={c.get('secureHeadersNonce')}
    />,
    404,
  );

/** GET /disconnect?account={id}: what disconnecting this account will do, and the button that does it. */
export async function confirmDisconnect(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const account = await browserAccount(c, c.req.query('account'));
  if (!account) return noSuchAccount(c);
  const label = PROVIDER_LABELS[account.provider];
  if (account.status === 'disconnected') {
    return messageResponse(c, 200, 'Already disconnected', `${account.email} (${label}) is already disconnected.`);
  }
  const series = new Set((await releasableSources(deps.db, account.id)).map((source) => source.series_id));
  return c.html(
    <DisconnectPage
      account={{ id: account.id, email: account.email, providerLabel: label }}
      seriesCount={series.size}
      canWrite={account.status === 'active' && deps.providers?.[account.provider] !== undefined}
      nonce={c.get('secureHeadersNonce')}
    />,
  );
}

/**
 * POST /disconnect (form field `account`, one of this browser's): takes the agenda block off the upcoming invites,
 * stops the channels, revokes and deletes the tokens; then shows the outcome on the account page.
 */
export async function disconnect(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const form = await c.req.parseBody();
  const account = await browserAccount(c, typeof form.account === 'string' ? form.account : undefined);
  if (!account) return noSuchAccount(c);
  const who = `${account.email} (${PROVIDER_LABELS[account.provider]})`;
  if (account.status === 'disconnected') {
    await keepDisconnectNotice(c, {
      accountId: account.id,
      headline: `${who} was already disconnected.`,
      details: [],
      incomplete: false,
    });
  } else {
    const outcome = await disconnectAccount(deps, deps.providers?.[account.provider], account.id);
    // The viewer's zone (the time-zone script's cookie) when it is a real zone; otherwise each 1:1's own.
    const tz = getCookie(c, 'tz');
    const zone = tz && isValidTimeZone(tz) ? tz : undefined;
    if (outcome) await keepDisconnectNotice(c, describeOutcome(account.id, who, outcome, zone));
  }
  return c.redirect(`/account?disconnected=${encodeURIComponent(account.id)}`, 303);
}

const invites = (n: number) => (n === 1 ? '1 upcoming invite' : `${n} upcoming invites`);

const REASONS: Record<ProviderErrorKind, string> = {
  'rate-limit': 'the calendar asked Carryover to slow down',
  transient: 'the calendar did not answer',
  conflict: 'the invite kept changing while Carryover wrote to it',
  auth: "the calendar no longer accepted Carryover's access",
  forbidden: 'the calendar refused the change',
  invalid: 'the calendar refused the change',
  'not-found': 'the calendar no longer has it',
  gone: 'the calendar no longer has it',
};

type FailedInvite = ReleaseFailure & { readonly meeting: NonNullable<ReleaseFailure['meeting']> };

function failedInvite(failure: FailedInvite, zone: string | undefined): string {
  const when = formatMeetingTime(failure.meeting.startsAt, failure.meeting.endsAt, zone ?? failure.timeZone);
  return `“${failure.seriesTitle}”, ${when} (${REASONS[failure.error.kind]})`;
}

/** The outcome in words: what was cleaned, and each invite that still shows the block, so it can be fixed by hand. */
export function describeOutcome(
  accountId: string,
  who: string,
  outcome: DisconnectOutcome,
  zone: string | undefined,
): DisconnectNotice {
  const details: string[] = [];
  if (!outcome.reachable) {
    details.push(
      'Carryover could no longer reach this calendar, so upcoming invites keep the agenda block they had; it will ' +
        'not be updated again. Delete it from them by hand if you like.',
    );
  } else if (outcome.cleaned > 0) {
    details.push(`The agenda block was taken off ${invites(outcome.cleaned)}; nothing else in them changed.`);
  } else if (outcome.failures.length === 0) {
    details.push('No upcoming invite showed an agenda block.');
  }
  const stuck = outcome.failures.filter((f): f is FailedInvite => f.meeting !== null);
  if (stuck.length > 0) {
    const named = stuck.slice(0, NAMED_FAILURES).map((f) => failedInvite(f, zone));
    const more = stuck.length > NAMED_FAILURES ? `; and ${stuck.length - NAMED_FAILURES} more` : '';
    details.push(
      `${invites(stuck.length)} still ${stuck.length === 1 ? 'shows' : 'show'} the agenda block: ` +
        `${named.join('; ')}${more}. It will not be updated again; delete it from the invite by hand.`,
    );
  }
  for (const failure of outcome.failures.filter((f) => f.meeting === null).slice(0, NAMED_FAILURES)) {
    details.push(
      `The upcoming invites of “${failure.seriesTitle}” could not be read (${REASONS[failure.error.kind]}), so they ` +
        'may still show the agenda block.',
    );
  }
  return {
    accountId,
    headline:
      `${who} is disconnected: Carryover's access is revoked and no more prompts are sent. ` +
      "Its 1:1s' agendas and history are kept.",
    details,
    incomplete: !outcome.reachable || outcome.failures.length > 0,
  };
}
