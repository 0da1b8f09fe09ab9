/** Where Google's APIs live: Google itself, or the sandbox emulator under BASE_URL/sandbox/google/. */
export interface GoogleEndpoints {
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly userinfoUrl: string;
  /** Root the Calendar client's paths (calendar/v3/...) are resolved against. */
  readonly calendarRoot: string;
  /** Root the Gmail client's paths (gmail/v1/...) are resolved against. */
  readonly gmailRoot: string;
}

/** Google's production endpoints. */
export const GOOGLE_ENDPOINTS: GoogleEndpoints = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
  calendarRoot: 'https://www.googleapis.com/',
  gmailRoot: 'https://gmail.googleapis.com/',
};

/** The sandbox's emulation of the same endpoints, served by this service in sandbox mode. */
export function sandboxGoogleEndpoints(baseUrl: string): GoogleEndpoints {
  const root = `${baseUrl}/sandbox/google/`;
  return {
    authUrl: `${root}o/oauth2/v2/auth`,
    tokenUrl: `${root}token`,
    revokeUrl: `${root}revoke`,
    userinfoUrl: `${root}oauth2/v3/userinfo`,
    calendarRoot: root,
    gmailRoot: root,
  };
}
