/** Where the Microsoft identity platform and Graph live: Microsoft itself, or the sandbox emulator. */
export interface MicrosoftEndpoints {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** Graph's root; the client appends the version (v1.0) and the path. */
  readonly graphRoot: string;
}

/** Microsoft's production endpoints for a tenant ('common' for work and school accounts of any tenant). */
export function microsoftEndpoints(tenant: string): MicrosoftEndpoints {
  const login = `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0`;
  return { authorizeUrl: `${login}/authorize`, tokenUrl: `${login}/token`, graphRoot: 'https://graph.microsoft.com/' };
}

/** The sandbox's emulation of the same endpoints, served by this service in sandbox mode. */
export function sandboxMicrosoftEndpoints(baseUrl: string, tenant = 'common'): MicrosoftEndpoints {
  const login = `${baseUrl}/sandbox/microsoft/${encodeURIComponent(tenant)}/oauth2/v2.0`;
  return { authorizeUrl: `${login}/authorize`, tokenUrl: `${login}/token`, graphRoot: `${baseUrl}/sandbox/graph/` };
}
