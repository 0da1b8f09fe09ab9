/**
 * Scopes as Google's consent screen treats them ("How to handle granular permissions"): the Sign-In scopes
 * (`openid`, `email`, `profile`) are agreed to together on the first page and are never optional; every other scope
 * gets a checkbox of its own on the second page, and the person may leave any of them unticked. The words shown are
 * the scopes' descriptions in Google's API discovery documents, which are what the consent screen says.
 */

const AUTH = 'https://www.googleapis.com/auth/';

/** The Sign-In scopes and their long forms. */
const SIGN_IN: Readonly<Record<string, string>> = {
  openid: 'Associate you with your personal info on Google',
  email: 'See your primary Google Account email address',
  profile: "See your personal info, including any personal info you've made publicly available",
  [`${AUTH}userinfo.email`]: 'See your primary Google Account email address',
  [`${AUTH}userinfo.profile`]: "See your personal info, including any personal info you've made publicly available",
};

/** What the consent screen says for the data scopes the sandbox serves. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  [`${AUTH}calendar`]:
    'See, edit, share, and permanently delete all the calendars you can access using Google Calendar',
  [`${AUTH}calendar.readonly`]: 'See and download any calendar you can access using your Google Calendar',
  [`${AUTH}calendar.events`]: 'View and edit events on all your calendars',
  [`${AUTH}calendar.events.readonly`]: 'View events on all your calendars',
  [`${AUTH}gmail.send`]: 'Send email on your behalf',
  [`${AUTH}gmail.compose`]: 'Manage drafts and send emails',
  'https://mail.google.com/': 'Read, compose, send, and permanently delete all your email from Gmail',
};

/** Whether a scope is one of the Sign-In scopes, granted with the account and never offered as a checkbox. */
export function isSignInScope(scope: string): boolean {
  return scope in SIGN_IN;
}

/** The consent screen's words for a scope (the scope itself when the sandbox knows none). */
export function describeScope(scope: string): string {
  return SIGN_IN[scope] ?? DESCRIPTIONS[scope] ?? scope;
}

/** A scope as tests may name it (`gmail.send`) in Google's full form (`https://www.googleapis.com/auth/gmail.send`). */
export function fullScope(name: string): string {
  return name.includes(':') || name in SIGN_IN ? name : `${AUTH}${name}`;
}
