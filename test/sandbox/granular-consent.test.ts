/**
 * Google's granular consent ("How to handle granular permissions"): the Sign-In scopes come with the account, every
 * other scope is a checkbox of its own and may be left unticked; the token response's `scope` says what was granted,
 * a call needing an ungranted scope is refused (Calendar 403 `insufficientPermissions`, Gmail 403 with
 * `PERMISSION_DENIED`), and `include_granted_scopes=true` adds a later grant to the earlier one.
 */
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  control,
  expectGoogleError,
  googleCalendar,
  googleGmail,
  type RunningSandbox,
  startSandbox,
} from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const redirectUri = 'http://localhost:8787/oauth/google/callback';
const CALENDAR = 'https://www.googleapis.com/auth/calendar.events';
const GMAIL = 'https://www.googleapis.com/auth/gmail.send';
const SCOPES = ['openid', 'email', 'profile', CALENDAR, GMAIL];

function oauthClient(): OAuth2Client {
  return new OAuth2Client({
    clientId: 'carryover-client',
    clientSecret: 'shh',
    redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: `${run.base}/sandbox/google/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${run.base}/sandbox/google/token`,
    },
  });
}

/** Answers the consent page as a person would: signs in as `email` and ticks `ticked`. */
async function tick(url: string, email: string, ticked: readonly string[]): Promise<URLSearchParams> {
  const form = new URLSearchParams(new URL(url).searchParams);
  form.set('email', email);
  form.set('decision', 'allow');
  for (const scope of ticked) form.append('granted_scope', scope);
  const answer = await fetch(`${run.base}/sandbox/google/o/oauth2/v2/auth`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') ?? '').searchParams;
}

/** Follows an auto-approved authorization (login_hint) and trades the code. */
async function autoApproved(client: OAuth2Client, email: string, scope: readonly string[], extra = {}) {
  const url = client.generateAuthUrl({ access_type: 'offline', scope: [...scope], login_hint: email, ...extra });
  const answer = await fetch(url, { redirect: 'manual' });
  const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
  return (await client.getToken(code)).tokens;
}

describe('the consent screen', () => {
  it('shows one unticked checkbox per non-Sign-In scope, in the consent screen\u2019s words', async () => {
    const page = await (await fetch(oauthClient().generateAuthUrl({ scope: SCOPES }))).text();
    const boxes = [...page.matchAll(/<input type="checkbox"[^>]*value="([^"]+)"[^>]*\/>/g)];
    expect(boxes.map((box) => box[1])).toEqual([CALENDAR, GMAIL]);
    expect(boxes.some((box) => box[0].includes('checked'))).toBe(false);
    expect(page).toContain('View and edit events on all your calendars');
    expect(page).toContain('Send email on your behalf');
    // Sign-In scopes are listed, never offered as a choice.
    expect(page).toContain('See your primary Google Account email address');
  });

  it('grants only what was ticked: Calendar without Gmail, and the token response says so', async () => {
    const client = oauthClient();
    const query = await tick(client.generateAuthUrl({ scope: SCOPES, state: 's' }), 'ida@example.com', [CALENDAR]);
    expect(query.get('scope')?.split(' ')).toEqual(['openid', 'email', 'profile', CALENDAR]);
    const { tokens } = await client.getToken(query.get('code') ?? '');
    expect(tokens.scope?.split(' ').sort()).toEqual(['email', 'openid', 'profile', CALENDAR].sort());
    client.setCredentials(tokens);

    const { api: cal, options: calOptions } = googleCalendar(run.base, client);
    expect((await cal.events.list({ calendarId: 'primary' }, calOptions)).status).toBe(200);
    const { api: mail, options: mailOptions } = googleGmail(run.base, client);
    const refused = await expectGoogleError(
      mail.users.messages.send({ userId: 'me', requestBody: { raw: 'eA' } }, mailOptions),
      403,
      'insufficientPermissions',
    );
    expect((refused.response?.data as { error: { status?: string } } | undefined)?.error.status).toBe(
      'PERMISSION_DENIED',
    );
  });

  it('grants Gmail without Calendar the other way round: Calendar calls are 403 insufficientPermissions', async () => {
    const client = oauthClient();
    const query = await tick(client.generateAuthUrl({ scope: SCOPES }), 'jo@example.com', [GMAIL]);
    const { tokens } = await client.getToken(query.get('code') ?? '');
    expect(tokens.scope?.split(' ')).not.toContain(CALENDAR);
    client.setCredentials(tokens);
    const { api, options } = googleCalendar(run.base, client);
    await expectGoogleError(api.events.list({ calendarId: 'primary' }, options), 403, 'insufficientPermissions');
  });

  it('grants the Sign-In scopes alone when nothing is ticked', async () => {
    const client = oauthClient();
    const query = await tick(client.generateAuthUrl({ scope: SCOPES }), 'kim@example.com', []);
    const { tokens } = await client.getToken(query.get('code') ?? '');
    expect(tokens.scope?.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
  });
});

describe('consent?email=&deny= (auto-approved flows)', () => {
  it("leaves the scope out of the user's next consent only", async () => {
    await control(run.base, 'consent', { email: 'lee@example.com', deny: 'gmail.send' });
    const first = await autoApproved(oauthClient(), 'lee@example.com', SCOPES);
    expect(first.scope?.split(' ')).toContain(CALENDAR);
    expect(first.scope?.split(' ')).not.toContain(GMAIL);
    const second = await autoApproved(oauthClient(), 'lee@example.com', SCOPES);
    expect(second.scope?.split(' ')).toContain(GMAIL);
  });

  it('is cleared by an empty deny, and never takes the Sign-In scopes away', async () => {
    await control(run.base, 'consent', { email: 'mo@example.com', deny: 'email,calendar.events' });
    const tokens = await autoApproved(oauthClient(), 'mo@example.com', SCOPES);
    expect(tokens.scope?.split(' ')).toEqual(expect.arrayContaining(['email', GMAIL]));
    expect(tokens.scope?.split(' ')).not.toContain(CALENDAR);
    await control(run.base, 'consent', { email: 'mo@example.com', deny: 'gmail.send' });
    await control(run.base, 'consent', { email: 'mo@example.com', deny: '' });
    expect((await autoApproved(oauthClient(), 'mo@example.com', SCOPES)).scope?.split(' ')).toContain(GMAIL);
  });
});

describe('incremental authorization', () => {
  it('adds a later grant to the earlier one with include_granted_scopes=true, refresh tokens included', async () => {
    const client = oauthClient();
    await control(run.base, 'consent', { email: 'nia@example.com', deny: 'gmail.send' });
    const partial = await autoApproved(client, 'nia@example.com', SCOPES);
    expect(partial.scope?.split(' ')).not.toContain(GMAIL);

    const more = await autoApproved(client, 'nia@example.com', ['openid', GMAIL], {
      include_granted_scopes: true,
      prompt: 'consent',
    });
    expect(more.scope?.split(' ')).toEqual(expect.arrayContaining([CALENDAR, GMAIL]));
    client.setCredentials({ refresh_token: more.refresh_token ?? '' });
    const { credentials } = await client.refreshAccessToken();
    expect(credentials.scope?.split(' ')).toEqual(expect.arrayContaining([CALENDAR, GMAIL]));
  });

  it('grants only what this consent asked for without include_granted_scopes', async () => {
    const client = oauthClient();
    await autoApproved(client, 'oz@example.com', SCOPES);
    const only = await autoApproved(client, 'oz@example.com', ['openid', GMAIL]);
    expect(only.scope?.split(' ').sort()).toEqual(['openid', GMAIL].sort());
  });
});
